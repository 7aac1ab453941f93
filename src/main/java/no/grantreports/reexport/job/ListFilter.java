package no.grantreports.reexport.job;

import java.time.Instant;
import java.util.Set;

/**
 * What a list request asks for, already validated. {@code orgId} null means every organisation
 * (operators only); empty {@code statuses} means any status.
 */
public record ListFilter(String orgId, Set<JobStatus> statuses, String reportId, String requestedBy,
                         Instant requestedFrom, Instant requestedTo, int page, int limit) {

    public static final int DEFAULT_PAGE = 1;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
}
