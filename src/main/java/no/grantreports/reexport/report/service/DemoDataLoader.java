package no.grantreports.reexport.report.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.report.ReportDocument;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Loads the demo reports at start when {@code reexport.demo-data.enabled} is true. */
@ApplicationScoped
public class DemoDataLoader {

    static final String RESOURCE = "demo/reports.json";
    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);

    private final ReexportConfig config;
    private final ReportService reportService;
    private final ObjectMapper mapper;

    public DemoDataLoader(ReexportConfig config, ReportService reportService, ObjectMapper mapper) {
        this.config = config;
        this.reportService = reportService;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.demoData().enabled()) {
            return;
        }
        List<ReportDocument> documents = read();
        int added = VertxContextSupport.subscribeAndAwait(() -> reportService.importIfAbsent(documents));
        LOG.infof("Demo data: %d of %d reports added", added, documents.size());
    }

    List<ReportDocument> read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return mapper.readValue(in, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
