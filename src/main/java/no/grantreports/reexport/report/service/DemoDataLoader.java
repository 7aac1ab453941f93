package no.grantreports.reexport.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import no.grantreports.reexport.config.ReexportConfig;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Loads the demo reports at start when {@code reexport.demo-data.enabled} is true; reports already there are kept. */
@ApplicationScoped
public class DemoDataLoader {

    static final String RESOURCE = "demo/reports.json";
    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);

    private final ReexportConfig config;
    private final ReportIngestionService ingestion;
    private final ObjectMapper mapper;

    public DemoDataLoader(ReexportConfig config, ReportIngestionService ingestion, ObjectMapper mapper) {
        this.config = config;
        this.ingestion = ingestion;
        this.mapper = mapper;
    }

    // Runs on the main thread at start, where blocking on the database is fine.
    void onStart(@Observes StartupEvent event) throws IOException {
        if (!config.demoData().enabled()) {
            return;
        }
        int added = 0;
        int total = 0;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            for (JsonNode report : mapper.readTree(in)) {
                total++;
                String reportId = report.path("report_id").asText();
                if (!ingestion.exists(reportId)) {
                    ingestion.replace(reportId, new ByteArrayInputStream(mapper.writeValueAsBytes(report)));
                    added++;
                }
            }
        }
        LOG.infof("Demo data: %d of %d reports added", added, total);
    }
}
