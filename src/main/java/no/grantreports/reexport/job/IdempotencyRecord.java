package no.grantreports.reexport.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** An Idempotency-Key seen on POST: which job it created, and a hash of the request it came with. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "reexport_id", nullable = false)
    public String reexportId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Keys are scoped to an organisation. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "org_id")
        public String orgId;

        @Column(name = "idempotency_key")
        public String idempotencyKey;

        public Key() {
        }

        public Key(String orgId, String idempotencyKey) {
            this.orgId = orgId;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(orgId, other.orgId)
                    && Objects.equals(idempotencyKey, other.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(orgId, idempotencyKey);
        }
    }
}
