package no.grantreports.reexport.database;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a scheduled task that uses the database: while PostgreSQL is unreachable its failures are
 * reported to {@link DatabaseOutage} (one WARN per outage) instead of the scheduler's ERROR with a
 * stack trace every run. Other failures pass through unchanged.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OutageAware {
}
