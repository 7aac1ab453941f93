package no.grantreports.reexport.job.service;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Spans of the worker: one {@code reexport.job} span per attempt with {@code reexport.claim},
 * {@code reexport.render}, {@code reexport.store}, {@code reexport.finish} and {@code reexport.notify}
 * around the steps. Parents are passed explicitly because a job hops between the event loop and the
 * export pool, where an implicit "current span" would be lost. No-ops unless tracing is on.
 */
@ApplicationScoped
public class JobTracing {

    static final AttributeKey<String> REEXPORT_ID = AttributeKey.stringKey("reexport.id");
    static final AttributeKey<String> REPORT_ID = AttributeKey.stringKey("report.id");
    static final AttributeKey<String> ORG_ID = AttributeKey.stringKey("org.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("reexport.attempt");
    static final AttributeKey<Long> CLAIMED = AttributeKey.longKey("reexport.claimed");

    private final Tracer tracer;

    public JobTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The root span of one attempt at one job. */
    Span job(String reexportId, int attempt) {
        return tracer.spanBuilder("reexport.job").setNoParent()
                .setAttribute(REEXPORT_ID, reexportId).setAttribute(ATTEMPT, (long) attempt).startSpan();
    }

    /** Claims are taken in batches, so the claim span is a root of its own with the batch size. */
    <T> Uni<T> claim(Supplier<Uni<T>> work, ToIntFunction<T> claimed) {
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder("reexport.claim").setNoParent().startSpan();
            return work.get().onTermination().invoke((item, failure, cancelled) -> {
                if (item != null) {
                    span.setAttribute(CLAIMED, (long) claimed.applyAsInt(item));
                }
                end(span, failure);
            });
        });
    }

    <T> Uni<T> step(String name, Span parent, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = child(name, parent);
            return work.get().onTermination().invoke((item, failure, cancelled) -> end(span, failure));
        });
    }

    /** For the blocking steps that run on the export pool. */
    <T> T blockingStep(String name, Span parent, BlockingWork<T> work) throws IOException {
        Span span = child(name, parent);
        try {
            T result = work.run();
            span.end();
            return result;
        } catch (IOException | RuntimeException | Error e) {
            end(span, e);
            throw e;
        }
    }

    static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private Span child(String name, Span parent) {
        return tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
    }

    @FunctionalInterface
    interface BlockingWork<T> {
        T run() throws IOException;
    }
}
