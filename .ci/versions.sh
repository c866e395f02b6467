# Versions of the third-party binaries the test tiers build from Go modules (sourced by the .ci scripts).
MINIO_VERSION=${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}
K8S_VERSION=${K8S_VERSION:-1.34.4}
ETCD_VERSION=${ETCD_VERSION:-3.6.6}
# v2.1.0 is the only kube-router version the Go module proxy serves here (later ones: 403).
KUBE_ROUTER_VERSION=${KUBE_ROUTER_VERSION:-v2.1.0}
COREDNS_VERSION=${COREDNS_VERSION:-v1.14.7}
# The demo on the local cluster (examples/demo/demo.sh with LOCAL=1): the MinIO client in the local MinIO image, Helm.
MC_VERSION=${MC_VERSION:-v0.0.0-20250313080218-cf909e1063a9}
HELM_VERSION=${HELM_VERSION:-v3.22.0}
# The chart README's values table (.ci/helm-docs.sh, checked by ChartReadmeTest).
HELM_DOCS_VERSION=${HELM_DOCS_VERSION:-v1.14.2}
# promtool (the Prometheus module's version) for the chart's alert rules (.ci/promtool.sh, ChartAlertRulesTest).
PROMTOOL_VERSION=${PROMTOOL_VERSION:-v0.316.0}
S3M_CACHE=${S3M_CACHE:-$HOME/.cache/s3migration}
K8S_BIN="$S3M_CACHE/kubeapitest/k8s/$K8S_VERSION-linux-amd64"
