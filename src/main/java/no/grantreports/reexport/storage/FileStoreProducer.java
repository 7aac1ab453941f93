package no.grantreports.reexport.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import no.grantreports.reexport.config.ReexportConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** Chooses the store by {@code reexport.storage.type}; the S3 client is only created when S3 is chosen. */
public class FileStoreProducer {

    @Produces
    @ApplicationScoped
    FileStore fileStore(ReexportConfig config, Instance<S3Client> s3) {
        ReexportConfig.Storage storage = config.storage();
        return switch (storage.type()) {
            case FILESYSTEM -> new LocalFileStore(config);
            case S3 -> new S3FileStore(s3.get(), storage.s3().bucket().orElseThrow(() -> new IllegalStateException(
                    "reexport.storage.type=s3 needs reexport.storage.s3.bucket (REEXPORT_STORAGE_S3_BUCKET)")),
                    storage.s3().prefix().orElse(""));
        };
    }
}
