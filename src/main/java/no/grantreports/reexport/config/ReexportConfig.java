package no.grantreports.reexport.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code reexport.*} setting of the service; docs/configuration.md lists them with their env names. */
@ConfigMapping(prefix = "reexport")
public interface ReexportConfig {

    Storage storage();

    Worker worker();

    Retention retention();

    Webhook webhook();

    /** Load shedding: when POSTs are refused (429 queue full, 503 overloaded) instead of queued. */
    Admission admission();

    /** How long a database operation may hang on an unreachable or silent PostgreSQL; see docs/operations.md. */
    Database database();

    Http http();

    Security security();

    DemoData demoData();

    /** What a cold instance does first; the serverless profile changes these (docs/native.md, "Fast start"). */
    Startup startup();

    /** Read by {@code DevDatabaseConfigSourceFactory} before CDI starts; declared here to be documented and validated. */
    DevDatabase devDatabase();

    interface Storage {
        /** Where files go: {@code filesystem} (a folder, shared by mounting it) or {@code s3}. */
        @WithDefault("filesystem")
        StorageType type();

        /** Filesystem storage: folder under which output files are written; refs are relative to it. */
        @WithDefault("data/files")
        Path root();

        S3 s3();

        /**
         * Readiness is DOWN and the worker claims no job while fewer bytes than this are free where
         * files are written (the folder; java.io.tmpdir for S3, where files are staged before upload).
         */
        @WithDefault("256M")
        MemorySize minFree();

        /** How often the worker's claim gate checks that the store takes files (writable, free space, bucket reachable). */
        @WithDefault("5s")
        Duration checkInterval();

        /**
         * How often temporary files left by a crashed writer are deleted (also once at start); a
         * temporary file goes when no running claim owns it and it was not written to for a lease.
         */
        @WithDefault("10m")
        Duration tempSweepInterval();

        /** S3 storage; endpoint, region, path-style and credentials are the quarkus.s3.* settings. */
        interface S3 {
            /** The bucket; required when the type is s3. */
            Optional<String> bucket();

            /** Key prefix put before every file ref, e.g. {@code reexport/}. */
            Optional<String> prefix();
        }
    }

    enum StorageType {
        FILESYSTEM, S3
    }

    interface Worker {
        /**
         * How many files one instance builds at once; defaults to the number of cores. 0 makes an
         * API-only instance that never claims jobs (other instances build the files).
         */
        OptionalInt concurrency();

        default int effectiveConcurrency() {
            return concurrency().orElse(Runtime.getRuntime().availableProcessors());
        }

        /** Name of this instance in {@code locked_by}; defaults to the host name and a random suffix. */
        Optional<String> instanceId();

        /** The backstop: how often an instance looks for ready jobs without being woken. */
        @WithDefault("5s")
        Duration pollInterval();

        /** How long a claim holds without a heartbeat; running exports extend it every third of this. */
        @WithDefault("60s")
        Duration lease();

        /** How often expired leases are looked for (a job never stays processing past lease + this). */
        @WithDefault("15s")
        Duration rescueInterval();

        /** Claims per job, including the first; after that a transient failure fails the job. */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubled per attempt, capped, with jitter. */
        @WithDefault("5s")
        Duration retryBackoff();

        /** The cap of the retry delay. */
        @WithDefault("10m")
        Duration retryBackoffMax();

        /** On shutdown: how long running exports may finish before the rest are released to pending. */
        @WithDefault("25s")
        Duration shutdownGrace();
    }

    /** Where completion events are POSTed (Standard Webhooks); per organisation where configured. */
    interface Webhook {
        /** The endpoint for every organisation without its own; none means events wait until one is set. */
        Optional<java.net.URI> url();

        /** Signing secret, {@code whsec_<base64>} (Standard Webhooks) or plain text. Never logged. */
        Optional<String> secret();

        /** reexport.webhook.organisations."org_x".url / .secret: an organisation's own endpoint. */
        Map<String, Endpoint> organisations();

        /** How often due events are looked for. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Timeout of one delivery. */
        @WithDefault("10s")
        Duration timeout();

        /** First retry delay after a failed delivery; doubled per attempt, capped, with jitter. */
        @WithDefault("5s")
        Duration retryBackoff();

        @WithDefault("1h")
        Duration retryBackoffMax();

        /** Deliveries are retried for this long, then the event is marked failed. */
        @WithDefault("72h")
        Duration giveUpAfter();

        interface Endpoint {
            java.net.URI url();

            Optional<String> secret();
        }
    }

    interface Admission {
        /** Pending jobs (the shared queue of all replicas) at which new jobs are refused with 429. */
        @WithDefault("10000")
        int maxPending();

        /** POSTs one instance works on at once (waiting for the database); more are refused with 503. */
        @WithDefault("256")
        int maxInFlight();

        /** How often the pending count and the drain rate are read from PostgreSQL. */
        @WithDefault("1s")
        Duration refreshInterval();

        /** Upper bound of the Retry-After of a 429 (also its value while the queue does not drain at all). */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /** Requests that may wait for a database connection; beyond that they fail at once (503). */
        @WithDefault("1024")
        int poolMaxWaiting();

        /** How long a request waits for a database connection before it fails (503). */
        @WithDefault("10s")
        Duration poolAcquireTimeout();
    }

    interface Database {
        /** How long opening a connection to PostgreSQL may take (the pool's default is 60 s). */
        @WithDefault("5s")
        Duration connectTimeout();

        /**
         * TCP_USER_TIMEOUT of the pool's connections: data (a query, a keepalive probe) left
         * unacknowledged this long closes the connection, so a query on a silently cut connection
         * fails after this time instead of the kernel's ~15 minutes. Needs the native (epoll) transport.
         */
        @WithDefault("10s")
        Duration tcpUserTimeout();

        /** An idle pool connection is probed (TCP keepalive) after this long, so dead ones are dropped. */
        @WithDefault("15s")
        Duration keepaliveIdle();

        /** The readiness check's own bound: a database that does not answer SELECT 1 within it is DOWN. */
        @WithDefault("3s")
        Duration healthTimeout();

        /** Retry-After of the 503 answered while PostgreSQL is unreachable. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    interface Http {
        /**
         * Largest request body the job endpoints accept; beyond it they answer 413 without reading on.
         * Report ingestion keeps quarkus.http.limits.max-body-size.
         */
        @WithDefault("64K")
        MemorySize maxRequestBody();

        /**
         * How long the body of a job request (at most max-request-body) may take to arrive; a client
         * still sending after that gets 408 and its connection (HTTP/2: its stream) is closed.
         */
        @WithDefault("30s")
        Duration bodyReadTimeout();

        /** The same for a report document (PUT /api/v1/reports/{id}), which may be hundreds of MB. */
        @WithDefault("10m")
        Duration reportBodyReadTimeout();
    }

    interface Security {
        TokenCache tokenCache();

        /**
         * Verified bearer tokens, kept so a client's next request with the same token skips the
         * signature check. An entry lives until the token expires or for {@code ttl}, whichever is
         * first; a changed or withdrawn verification key reaches tokens already seen after at most ttl.
         */
        interface TokenCache {
            /** How long a verified token is trusted without checking it again; 0 turns the cache off. */
            @WithDefault("5m")
            Duration ttl();

            /** Most tokens kept (each a few KiB); the least used go first. */
            @WithDefault("2000")
            int maxSize();
        }
    }

    interface Retention {
        /** Files of completed jobs older than this are deleted and the jobs become expired. */
        @WithDefault("30d")
        Duration age();

        /** How often retention runs. */
        @WithDefault("1h")
        Duration interval();
    }

    interface DemoData {
        /** Loads the demo reports at start (idempotent). */
        @WithDefault("false")
        boolean enabled();
    }

    interface DevDatabase {
        /** Dev mode only: start an embedded PostgreSQL when no datasource URL is configured. */
        @WithDefault("true")
        boolean enabled();

        /** Dev mode only: where the embedded PostgreSQL keeps its data across restarts. */
        @WithDefault(".dev-data/postgres")
        String dataDir();
    }

    interface Startup {
        /**
         * Background tasks (queue poll and rescue, outbox delivery, retention, temporary-file sweep,
         * queue metrics) first run this long after start, not during the first requests. A POST on
         * this instance still wakes its worker at once; the poll only backs up lost wake-ups.
         */
        @WithDefault("0s")
        Duration schedulerDelay();

        /**
         * Right after start, prepare the queries a cold instance serves first (report lookup of a
         * POST, job list and count, loads by id) by running them once for ids that cannot exist;
         * readiness stays DOWN until that is done (or failed), so the first routed request is fast.
         */
        @WithDefault("false")
        boolean warmUp();
    }
}
