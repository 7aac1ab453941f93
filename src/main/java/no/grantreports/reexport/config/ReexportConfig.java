package no.grantreports.reexport.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code reexport.*} setting of the service; README lists them with their env names. */
@ConfigMapping(prefix = "reexport")
public interface ReexportConfig {

    Storage storage();

    Worker worker();

    Sweep sweep();

    Retention retention();

    @WithName("demo-data")
    DemoData demoData();

    /** Read by {@code DevDatabaseConfigSourceFactory} before CDI starts; declared here to be documented and validated. */
    @WithName("dev-database")
    DevDatabase devDatabase();

    interface Storage {
        /** Where files go: {@code filesystem} (a folder, shared by mounting it) or {@code s3}. */
        @WithDefault("filesystem")
        StorageType type();

        /** Filesystem storage: folder under which output files are written; refs are relative to it. */
        @WithDefault("data/files")
        Path root();

        S3 s3();

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
        /** How many exports one instance builds at once; defaults to the number of cores. */
        OptionalInt concurrency();

        default int effectiveConcurrency() {
            return concurrency().orElse(Runtime.getRuntime().availableProcessors());
        }
    }

    interface Sweep {
        /** How often pending jobs are looked for, in case their wake-up message was lost. */
        @WithDefault("30s")
        Duration interval();

        /** A pending job older than this is dispatched again by the sweep. */
        @WithName("pending-age")
        @WithDefault("30s")
        Duration pendingAge();
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
        @WithName("data-dir")
        @WithDefault(".dev-data/postgres")
        String dataDir();
    }
}
