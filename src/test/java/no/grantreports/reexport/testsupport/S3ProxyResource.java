package no.grantreports.reexport.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** A real S3-compatible server (S3Proxy on a filesystem backend) for the S3 storage tests. */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "reexport-files";
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    /** The running resource, so a test can take S3 away and bring it back (an outage). */
    private static volatile S3ProxyResource current;
    private S3Proxy proxy;
    private BlobStoreContext context;
    private int port;

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createTempDirectory("s3proxy-");
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", base.toString());
            context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
                    .overrides(properties).build(BlobStoreContext.class);
            BlobStore store = context.getBlobStore();
            store.createContainerInLocation(null, BUCKET);
            proxy = startProxy(store, 0);
            port = proxy.getPort();
            current = this;
            System.setProperty(TestEnvironment.STORED_FILES_PROPERTY, base.resolve(BUCKET).toString());
            Map<String, String> config = new java.util.HashMap<>();
            config.put("reexport.storage.type", "s3");
            config.put("reexport.storage.s3.bucket", BUCKET);
            config.put("quarkus.s3.endpoint-override", "http://127.0.0.1:" + port);
            config.put("quarkus.s3.aws.region", "eu-north-1");
            config.put("quarkus.s3.path-style-access", "true");
            // S3Proxy checks aws-chunked uploads wrongly, and answers 501 to the SDK's checksum headers
            // unless told to ignore them (below); docs/configuration.md names these settings for such servers.
            config.put("quarkus.s3.chunked-encoding", "false");
            config.put("quarkus.s3.aws.credentials.type", "static");
            config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start S3Proxy", e);
        }
    }

    private static S3Proxy startProxy(BlobStore store, int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return proxy;
    }

    /** The endpoint's port (while started). */
    public static int port() {
        return current.port;
    }

    /** S3 goes away: connections to its port are refused. */
    public static void stopServer() throws Exception {
        current.proxy.stop();
    }

    /** S3 comes back on the same port with the same objects. */
    public static void startServer() throws Exception {
        S3ProxyResource resource = current;
        resource.proxy = startProxy(resource.context.getBlobStore(), resource.port);
    }

    @Override
    public void stop() {
        current = null;
        System.clearProperty(TestEnvironment.STORED_FILES_PROPERTY);
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception ignored) {
            // the JVM is ending anyway
        }
        if (context != null) {
            context.close();
        }
    }
}
