package no.grantreports.reexport.job.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportIds;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.storage.FileStore;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Streams stored files to clients: read in chunks on a worker thread, as fast as the client takes them. */
@ApplicationScoped
public class FileDownloads {

    static final int CHUNK = 64 * 1024;

    private final FileStore files;

    public FileDownloads(FileStore files) {
        this.files = files;
    }

    Multi<Buffer> content(String ref) {
        return Multi.createFrom().<InputStream, Buffer>resource(Unchecked.supplier(() -> files.open(ref)),
                        in -> Multi.createBy().repeating()
                                .supplier(Unchecked.supplier(() -> Buffer.buffer(in.readNBytes(CHUNK))))
                                .until(chunk -> chunk.length() == 0))
                .withFinalizer(Unchecked.consumer(InputStream::close))
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
