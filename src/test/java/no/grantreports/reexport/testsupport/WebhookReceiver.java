package no.grantreports.reexport.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real HTTP webhook receiver for the tests. It writes every request it gets to a folder, so a
 * test can read them whichever class loader or process it runs in. Events of organisations whose
 * id starts with {@code org_flaky_hook} are refused (503) on their first two deliveries.
 */
public final class WebhookReceiver {

    public static final String SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("test-webhook-secret-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
    static final String DIR_PROPERTY = "test.webhook.dir";

    public record Delivery(Map<String, String> headers, String body, int answered) {
    }

    private WebhookReceiver() {
    }

    /** Starts a receiver and returns its URL. */
    static String start() {
        try {
            Path dir = Files.createTempDirectory("webhooks-");
            System.setProperty(DIR_PROPERTY, dir.toString());
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                int status;
                synchronized (WebhookReceiver.class) {
                    long earlier;
                    try (Stream<Path> files = Files.list(dir)) {
                        earlier = files.filter(f -> f.getFileName().toString().startsWith(id + "-")).count();
                    }
                    status = body.contains("\"org_id\" : \"org_flaky_hook") || body.contains("\"org_id\":\"org_flaky_hook")
                            ? (earlier < 2 ? 503 : 200) : 200;
                    StringBuilder record = new StringBuilder();
                    for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature", "Content-Type")) {
                        record.append(name.toLowerCase()).append(": ").append(exchange.getRequestHeaders().getFirst(name)).append('\n');
                    }
                    record.append("answered: ").append(status).append("\n\n").append(body);
                    Files.writeString(dir.resolve(id + "-" + earlier + ".txt"), record.toString());
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every delivery received so far whose body mentions the text (e.g. a reexport id). */
    public static List<Delivery> deliveriesMentioning(String text) {
        List<Delivery> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty(DIR_PROPERTY)))) {
            for (Path file : files.sorted().toList()) {
                String content = Files.readString(file);
                int split = content.indexOf("\n\n");
                String body = content.substring(split + 2);
                if (!body.contains(text)) {
                    continue;
                }
                Map<String, String> headers = new java.util.HashMap<>();
                content.substring(0, split).lines().forEach(line -> {
                    int colon = line.indexOf(": ");
                    headers.put(line.substring(0, colon), line.substring(colon + 2));
                });
                found.add(new Delivery(headers, body, Integer.parseInt(headers.get("answered"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
