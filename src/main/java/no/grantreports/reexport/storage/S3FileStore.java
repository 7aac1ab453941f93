package no.grantreports.reexport.storage;

import software.amazon.awssdk.core.exception.SdkClientException;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Files in an S3-compatible bucket, so every replica sees every file. A file is first written to
 * a local temporary file in java.io.tmpdir and then uploaded in one PUT (no multipart upload, so
 * nothing half-uploaded can linger in the bucket): the object appears whole or not at all. SDK
 * failures surface as {@link StorageUnavailableException}s naming the cause (403, missing bucket,
 * unreachable), a missing object as {@link StoredFileGoneException}.
 */
public class S3FileStore implements FileStore {

    static final String TEMP_PREFIX = "reexport-";
    static final String TEMP_SUFFIX = ".part";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path tempDir;
    /** Temporary files this instance is writing or uploading now: never swept. */
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    public S3FileStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix) : prefix + "/";
        this.tempDir = Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public long write(String ref, ContentWriter writer) throws IOException {
        String key = key(ref);
        if (exists(ref)) {
            throw new FileAlreadyExistsException(ref);
        }
        Path temp = Files.createTempFile(tempDir, TEMP_PREFIX + fileName(ref) + "-", TEMP_SUFFIX);
        writing.add(temp);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                writer.writeTo(out);
            }
            long size = Files.size(temp);
            call(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(temp)));
            return size;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } finally {
                writing.remove(temp);
            }
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
    public boolean exists(String ref) throws IOException {
        String key = key(ref);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                // HEAD answers carry no body: a 404 is the key's, unless the bucket itself is gone (checked on write)
                return false;
            }
            throw unavailable(e, false);
        } catch (SdkException e) {
            throw unavailable(e, false);
        }
    }

    @Override
    public void checkWritable() throws StorageUnavailableException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw unavailable(e, true);
        }
    }

    @Override
    public long usableSpace() throws IOException {
        return Files.getFileStore(tempDir).getUsableSpace();
    }

    @Override
    public StoredFile open(String ref) throws IOException {
        String key = key(ref);
        try {
            var object = s3.getObject(b -> b.bucket(bucket).key(key));
            return new StoredFile(object, object.response().contentLength());
        } catch (NoSuchKeyException e) {
            throw new StoredFileGoneException(ref);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                throw new StoredFileGoneException(ref);
            }
            throw unavailable(e, false);
        } catch (SdkException e) {
            throw unavailable(e, false);
        }
    }

    /** Upload leftovers of a crashed instance in java.io.tmpdir (the bucket never holds partial objects). */
    @Override
    public int sweepTemporaryFiles(Duration olderThan, Set<String> liveRefs) throws IOException {
        List<Path> candidates;
        try (Stream<Path> list = Files.list(tempDir)) {
            candidates = list.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX) && Files.isRegularFile(path);
            }).toList();
        }
        return StaleTemporaryFiles.delete(candidates, olderThan, temp -> writing.contains(temp)
                || liveRefs.stream().anyMatch(ref -> temp.getFileName().toString().startsWith(TEMP_PREFIX + fileName(ref) + "-")));
    }

    private String key(String ref) {
        return prefix + FileRefs.check(ref);
    }

    private void call(Supplier<?> request) throws StorageUnavailableException {
        try {
            request.get();
        } catch (SdkException e) {
            throw unavailable(e, false);
        }
    }

    /** The cause in words an operator acts on: credentials, the bucket, or the network. */
    StorageUnavailableException unavailable(SdkException e, boolean bucketRequest) {
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = errorCode(s3e);
            String detail = status + (code == null ? "" : " " + code);
            if (status == 403) {
                return new StorageUnavailableException("S3 refused access to bucket " + bucket + " (403 Forbidden"
                        + (code == null ? "" : ", " + code) + "): check the credentials and the bucket policy", e);
            }
            if ("NoSuchBucket".equals(code) || (bucketRequest && status == 404)) {
                return new StorageUnavailableException("S3 bucket " + bucket + " does not exist (404 NoSuchBucket)", e);
            }
            if (status == 301) {
                return new StorageUnavailableException("S3 bucket " + bucket + " is in another region (301): check quarkus.s3.aws.region", e);
            }
            return new StorageUnavailableException("S3 answered " + detail + " for bucket " + bucket, e);
        }
        if (e instanceof SdkClientException) {
            return new StorageUnavailableException("S3 is unreachable (" + rootCause(e) + ")", e);
        }
        return new StorageUnavailableException("S3 request failed (" + rootCause(e) + ")", e);
    }

    private static String fileName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
