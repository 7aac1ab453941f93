package no.grantreports.reexport.database;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** See {@link OutageAware}. */
@OutageAware
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class OutageAwareInterceptor {

    private final DatabaseOutage outage;

    public OutageAwareInterceptor(DatabaseOutage outage) {
        this.outage = outage;
    }

    @AroundInvoke
    Object absorbOutage(InvocationContext invocation) throws Exception {
        Object result;
        try {
            result = invocation.proceed();
        } catch (RuntimeException e) {
            if (outage.absorbed(e)) {
                return null;
            }
            throw e;
        }
        if (result instanceof Uni<?> uni) {
            return uni.onFailure(outage::absorbed).recoverWithNull();
        }
        return result;
    }
}
