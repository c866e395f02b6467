package io.s3migration.operator.policy;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * DNS as the JVM sees it, for the endpoint policy; tests replace it with fixed answers. A class of its own: a
 * producer inside a bean that injects what it produces would need itself to be built first.
 */
@Singleton
class SystemDns {
    @Produces
    @DefaultBean
    @Singleton
    HostResolver systemResolver() {
        return HostResolver.system();
    }
}
