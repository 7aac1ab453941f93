package no.grantreports.reexport.notification;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.ReexportJob;

/** Tells listeners on the event bus that a job has finished. */
@ApplicationScoped
public class CompletionNotifier {

    /** Event-bus address of completion events (JSON: reexport_id, report_id, org_id, status, …). */
    public static final String ADDRESS = "reexport.completed";

    private final EventBus bus;

    public CompletionNotifier(EventBus bus) {
        this.bus = bus;
    }

    public void publish(ReexportJob job) {
        bus.publish(ADDRESS, new JsonObject()
                .put("reexport_id", job.id)
                .put("report_id", job.reportId)
                .put("org_id", job.orgId)
                .put("status", job.status.wireName())
                .put("output_file_ref", job.outputFileRef)
                .put("output_file_size_bytes", job.outputFileSizeBytes)
                .put("error_message", job.errorMessage)
                .put("completed_at", job.completedAt == null ? null : job.completedAt.toString()));
    }
}
