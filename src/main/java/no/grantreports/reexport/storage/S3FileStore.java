package no.grantreports.reexport.storage;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files in an S3-compatible bucket, so every replica sees every file. A file is first written to
 * a local temporary file and then uploaded in one PUT: the object appears whole or not at all, and
 * a failed export leaves nothing in the bucket. SDK failures surface as {@link IOException}s.
 */
public class S3FileStore implements FileStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3FileStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix) : prefix + "/";
    }

    @Override
    public long write(String ref, ContentWriter writer) throws IOException {
        String key = key(ref);
        if (exists(ref)) {
            throw new FileAlreadyExistsException(ref);
        }
        Path temp = Files.createTempFile("reexport-", ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                writer.writeTo(out);
            }
            long size = Files.size(temp);
            call(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(temp)));
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean delete(String ref) throws IOException {
        String key = key(ref);
        boolean existed = exists(ref);
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
        return existed;
    }

    @Override
    public boolean exists(String ref) {
        String key = key(ref);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void checkWritable() throws IOException {
        call(() -> s3.headBucket(b -> b.bucket(bucket)));
    }

    @Override
    public StoredFile open(String ref) throws IOException {
        String key = key(ref);
        try {
            var object = s3.getObject(b -> b.bucket(bucket).key(key));
            return new StoredFile(object, object.response().contentLength());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(ref);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(ref);
            }
            throw new IOException("S3 read of " + ref + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 read of " + ref + " failed: " + e.getMessage(), e);
        }
    }

    private String key(String ref) {
        return prefix + FileRefs.check(ref);
    }

    private static void call(Runnable request) throws IOException {
        try {
            request.run();
        } catch (SdkException e) {
            throw new IOException("S3 request failed: " + e.getMessage(), e);
        }
    }
}
