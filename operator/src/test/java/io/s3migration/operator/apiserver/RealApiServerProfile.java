package io.s3migration.operator.apiserver;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The operator as deployed: server-side apply on, the CRD installed beforehand, against a real API server. */
public class RealApiServerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.operator-sdk.enable-ssa", "true",
                "quarkus.operator-sdk.crd.apply", "false",
                "s3migration.progress.poll-interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealApiServerResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
