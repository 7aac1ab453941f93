package no.grantreports.reexport.job.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import jakarta.ws.rs.core.Response;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportIds;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.storage.FileStore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Streams stored files to clients. */
@ApplicationScoped
public class FileDownloads {

    private final FileStore files;

    public FileDownloads(FileStore files) {
        this.files = files;
    }

    /**
     * The file as a response body. The stream is opened and later read on a worker thread: the
     * response is resumed there, so the body is written from that thread, not the event loop.
     */
    Uni<Response> response(ReexportJob job) {
        return Uni.createFrom().item(Unchecked.supplier(() -> {
                    Response.ResponseBuilder response = Response.ok(files.open(job.outputFileRef));
                    headers(job).forEach((name, values) -> values.forEach(value -> response.header(name, value)));
                    return response.build();
                }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static Map<String, List<String>> headers(ReexportJob job) {
        ExportFormat format = ExportFormat.parse(job.format).orElse(ExportFormat.XLSX);
        String name = fileName(job.outputFileRef);
        return Map.of(
                "Content-Type", List.of(format.contentType()),
                "Content-Length", List.of(String.valueOf(job.outputFileSizeBytes)),
                // The file of a job never changes, so its id and size identify the bytes.
                "ETag", List.of("\"" + ReexportIds.ulidOf(job.id) + "-" + job.outputFileSizeBytes + "\""),
                "Content-Disposition", List.of("attachment; filename=\"" + ascii(name) + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")),
                "Cache-Control", List.of("private, max-age=0"));
    }

    static String fileName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The name with anything outside printable ASCII (and quotes, backslashes) replaced, for old clients. */
    static String ascii(String name) {
        StringBuilder safe = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            safe.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return safe.toString();
    }

}
