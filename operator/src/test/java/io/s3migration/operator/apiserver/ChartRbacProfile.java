package io.s3migration.operator.apiserver;

import java.util.List;

/** {@link RealApiServerProfile}, but the operator authenticates as the Helm chart's ServiceAccount. */
public class ChartRbacProfile extends RealApiServerProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ChartRbacResource.class));
    }
}
