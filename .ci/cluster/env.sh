# Where the single-node test cluster keeps its state (sourced by the .ci/cluster scripts and read by the tests:
# the `cluster` test tier looks for $CLUSTER_DIR/pki/admin.kubeconfig).
source "$(dirname "${BASH_SOURCE[0]}")/../versions.sh"
CLUSTER_DIR=${S3M_CLUSTER_DIR:-/var/lib/s3m-cluster}
BIN=$CLUSTER_DIR/bin PKI=$CLUSTER_DIR/pki LOGS=$CLUSTER_DIR/logs RUN=$CLUSTER_DIR/run CONF=$CLUSTER_DIR/conf
CONTAINERD_SOCK=/run/s3m-containerd/containerd.sock
KUBELET_ROOT=/var/lib/s3m-kubelet
NODE=${S3M_NODE:-$(hostname | tr '[:upper:]' '[:lower:]')}
NODE_IP=${S3M_NODE_IP:-$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')}
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/24
DNS_IP=10.96.0.10
CTR="ctr -a $CONTAINERD_SOCK -n k8s.io"
export KUBECONFIG=$PKI/admin.kubeconfig
