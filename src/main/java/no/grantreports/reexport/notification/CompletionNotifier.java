package no.grantreports.reexport.notification;

/** Where completion events go besides webhooks: the event bus (published by {@link WebhookDispatcher}). */
public final class CompletionNotifier {

    /** Event-bus address of completion events: the webhook's {@code data} object (reexport_id, status, …). */
    public static final String ADDRESS = "reexport.completed";

    private CompletionNotifier() {
    }
}
