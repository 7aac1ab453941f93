package no.grantreports.reexport.job.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.job.IdempotencyRecord;

import java.time.Instant;

/** Idempotency-Keys seen on POST (idempotency_key). */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    /** Forgets the keys created before {@code cutoff}; answers how many. */
    public Uni<Long> deleteCreatedBefore(Instant cutoff) {
        return delete("createdAt < ?1", cutoff);
    }
}
