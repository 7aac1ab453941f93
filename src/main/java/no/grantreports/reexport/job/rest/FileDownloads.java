package no.grantreports.reexport.job.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import jakarta.ws.rs.core.Response;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportIds;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.ProblemType;
import no.grantreports.reexport.storage.FileStore;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Streams stored files to clients. */
@ApplicationScoped
public class FileDownloads {

    private static final Logger LOG = Logger.getLogger(FileDownloads.class);
    static final String OCTET_STREAM = "application/octet-stream";

    private final FileStore files;

    public FileDownloads(FileStore files) {
        this.files = files;
    }

    /**
     * The file as a response body. The stream is opened and later read on a worker thread: the
     * response is resumed there, so the body is written from that thread, not the event loop.
     * Type and length describe the stored object itself, never what a row (an operator's PUT) claims.
     */
    Uni<Response> response(ReexportJob job) {
        return Uni.createFrom().item(Unchecked.supplier(() -> {
                    FileStore.StoredFile file;
                    try {
                        file = files.open(job.outputFileRef);
                    } catch (NoSuchFileException e) {
                        LOG.warnf("Re-export %s is completed but its file %s is missing from the storage", job.id,
                                job.outputFileRef);
                        throw new ProblemException(ProblemType.FILE_GONE, "Gone", "The file of re-export " + job.id
                                + " is no longer in the storage.", null);
                    }
                    Response.ResponseBuilder response = Response.ok(file.content());
                    headers(job, file.size()).forEach((name, values) -> values.forEach(value -> response.header(name, value)));
                    return response.build();
                }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static Map<String, List<String>> headers(ReexportJob job, long size) {
        String name = fileName(job.outputFileRef);
        return Map.of(
                "Content-Type", List.of(contentType(name)),
                "Content-Length", List.of(String.valueOf(size)),
                // The file of a job never changes, so its id and size identify the bytes.
                "ETag", List.of("\"" + ReexportIds.ulidOf(job.id) + "-" + size + "\""),
                "Content-Disposition", List.of("attachment; filename=\"" + ascii(name) + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")),
                "Cache-Control", List.of("private, max-age=0"));
    }

    /** By the stored file's own extension: a file the service did not write is not labelled as one it did. */
    static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1);
        return Arrays.stream(ExportFormat.values()).filter(f -> f.extension().equalsIgnoreCase(extension))
                .map(ExportFormat::contentType).findFirst().orElse(OCTET_STREAM);
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
