package no.grantreports.reexport.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL this test controls as a process: stopped (fast shutdown: its sessions end with
 * 57P01) and started again on the same data, and, where the machine allows it (root and
 * {@code ip netns}), placed in a network namespace of its own behind a veth pair, so that its
 * replies can be dropped ({@code tc qdisc ... pfifo limit 0}) to make a half-open partition.
 * Only addresses inside the namespace this object creates are used (10.200.x.0/30).
 */
public final class IsolatedPostgres implements AutoCloseable {

    static final int PORT_IN_NAMESPACE = 5432;

    private final Path bin;
    private final Path dataDir;
    private final String namespace;
    private final String hostVeth;
    private final String nsVeth;
    private final String address;
    private final int port;
    private final Path log;
    private Process process;
    private volatile boolean partitioned;

    private IsolatedPostgres(Path bin, Path dataDir, String namespace, String hostVeth, String nsVeth, String address, int port)
            throws IOException {
        this.bin = bin;
        this.dataDir = dataDir;
        this.namespace = namespace;
        this.hostVeth = hostVeth;
        this.nsVeth = nsVeth;
        this.address = address;
        this.port = port;
        this.log = Files.createTempFile("isolated-pg-", ".log");
    }

    /** Why a namespace cannot be made here, or null when it can (root, ip, tc, setpriv). */
    public static String whyNoNamespace() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not running as root";
        }
        for (String tool : List.of("ip", "tc", "setpriv")) {
            if (Stream.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").noneMatch(d -> Files.isExecutable(Path.of(d + tool)))) {
                return tool + " is not installed";
            }
        }
        String probe = "rxprobe" + ProcessHandle.current().pid();
        try {
            run(List.of("ip", "netns", "add", probe));
            run(List.of("ip", "netns", "del", probe));
            return null;
        } catch (Exception e) {
            return "ip netns does not work here: " + e.getMessage();
        }
    }

    /**
     * Starts PostgreSQL in a new network namespace (when {@code partitionable}) or on localhost.
     * Either way it runs as nobody (PostgreSQL refuses root) with throw-away data.
     */
    public static IsolatedPostgres start(boolean partitionable) throws Exception {
        Path bin = binaries();
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "isolated-pg-data-");
        boolean root = "root".equals(System.getProperty("user.name"));
        IsolatedPostgres pg;
        if (partitionable) {
            long id = ProcessHandle.current().pid() % 10_000;
            int subnet = (int) (ProcessHandle.current().pid() % 200) + 20;
            pg = new IsolatedPostgres(bin, dataDir, "rxit" + id, "rxit" + id + "h", "rxit" + id + "n",
                    "10.200." + subnet + ".2", PORT_IN_NAMESPACE);
            pg.createNamespace(subnet);
        } else {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            pg = new IsolatedPostgres(bin, dataDir, null, null, null, "127.0.0.1", port);
        }
        if (root) {
            run(List.of("chown", "-R", "65534:65534", dataDir.toString()));
        }
        run(pg.asPostgresUser(List.of(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(),
                "-U", "postgres", "--locale=C", "-E", "UTF8", "--no-sync", "-A", "trust")));
        // The app connects from the host side of the veth pair, not from localhost.
        Files.writeString(dataDir.resolve("data/pg_hba.conf"), "host all all 0.0.0.0/0 trust\nlocal all all trust\n",
                java.nio.file.StandardOpenOption.APPEND);
        pg.startServer();
        return pg;
    }

    public String host() {
        return address;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + address + ":" + port + "/postgres";
    }

    public String reactiveUrl() {
        return "postgresql://" + address + ":" + port + "/postgres";
    }

    public synchronized void startServer() throws Exception {
        List<String> command = asPostgresUser(List.of(bin.resolve("postgres").toString(), "-D", dataDir.resolve("data").toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=" + address, "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "max_connections=100"));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("ready to accept connections")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        // the next start appends to the same log: forget this start's line
        Files.writeString(log, Files.readString(log).replace("ready to accept connections", "ready (earlier start)"));
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Fast shutdown (SIGINT): open sessions are terminated with 57P01 admin_shutdown, as in a real restart. */
    public synchronized void stopServer() throws InterruptedException {
        if (process != null && process.isAlive()) {
            run(List.of("kill", "-INT", Long.toString(process.pid())));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Drops everything PostgreSQL sends: the app's packets arrive, no answer (not even an ACK or RST) comes back. */
    public void dropReplies() {
        partitioned = true;
        run(List.of("ip", "netns", "exec", namespace, "tc", "qdisc", "replace", "dev", nsVeth, "root", "pfifo", "limit", "0"));
    }

    public void heal() {
        if (!partitioned) {
            return;
        }
        partitioned = false;
        run(List.of("ip", "netns", "exec", namespace, "tc", "qdisc", "del", "dev", nsVeth, "root"));
    }

    @Override
    public void close() throws Exception {
        stopServer();
        if (namespace != null) {
            run(List.of("ip", "netns", "del", namespace)); // takes the veth pair with it
        }
    }

    private void createNamespace(int subnet) {
        run(List.of("ip", "netns", "add", namespace));
        run(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", nsVeth));
        run(List.of("ip", "link", "set", nsVeth, "netns", namespace));
        run(List.of("ip", "addr", "add", "10.200." + subnet + ".1/30", "dev", hostVeth));
        run(List.of("ip", "link", "set", hostVeth, "up"));
        run(List.of("ip", "netns", "exec", namespace, "ip", "addr", "add", address + "/30", "dev", nsVeth));
        run(List.of("ip", "netns", "exec", namespace, "ip", "link", "set", nsVeth, "up"));
        run(List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
    }

    private List<String> asPostgresUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if (namespace != null) {
            full.addAll(List.of("ip", "netns", "exec", namespace));
        }
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; the signal stops it if this JVM dies
            full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--pdeathsig", "INT"));
        }
        full.addAll(command);
        return full;
    }

    /**
     * The PostgreSQL binaries zonky ships (extracted once by starting and stopping one of its servers).
     * Zonky keeps one extraction per JVM: when another test of this JVM started an embedded server
     * first, the binaries stay in zonky's default folder and the override directory gets none, so both
     * places are looked at (a fresh CI machine failed on that order).
     */
    private static synchronized Path binaries() throws IOException {
        Path dir = Path.of("/tmp", "isolated-pg-bin");
        Path zonkyDefault = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        Path bin = findBin(dir, zonkyDefault);
        if (bin == null) {
            Files.createDirectories(dir);
            try (EmbeddedPostgres ignored = EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir.toFile()).start()) {
                // extracted
            }
            bin = findBin(dir, zonkyDefault);
        }
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL binaries under " + dir + " or " + zonkyDefault);
        }
        run(List.of("chmod", "-R", "a+rX", bin.getParent().toString()));
        return bin;
    }

    /** The first {@code bin} folder holding {@code postgres} under any of {@code dirs}, or null. */
    private static Path findBin(Path... dirs) throws IOException {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, 3)) {
                Optional<Path> bin = files.filter(p -> p.getFileName().toString().equals("postgres") && p.getParent().getFileName().toString().equals("bin"))
                        .map(Path::getParent).findFirst();
                if (bin.isPresent()) {
                    return bin.get();
                }
            }
        }
        return null;
    }

    static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
