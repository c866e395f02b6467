#!/usr/bin/env bash
# Starts the single-node test cluster in the background, from a fresh etcd every time (~15 s):
#   containerd (own socket) -> etcd -> kube-apiserver -> controller-manager -> scheduler -> kubelet
#   -> kube-proxy (iptables) -> kube-router (NetworkPolicy only) -> CoreDNS (a pod, when built: the demo builds it)
# and imports the product images from the Docker engine (s3migration/operator:dev, s3migration/copier:dev).
# PIDs in $RUN/*.pid, logs in $LOGS/*.log; stop.sh undoes all of it. Run setup.sh first.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/env.sh"
t0=$SECONDS
say() { echo "cluster start [$((SECONDS - t0)) s] $*"; }
fail() { echo "cluster start: $* (logs: $LOGS)" >&2; exit 1; }
launch() {   # NAME CMD...: runs CMD in the background with its log and PID file
  local name=$1; shift
  nohup "$@" > "$LOGS/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}
await() {   # SECONDS WHAT CMD...: retries CMD once a second
  local limit=$1 what=$2; shift 2
  for _ in $(seq "$limit"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  fail "$what did not come up within $limit s"
}
kubectl() { "$BIN/kubectl" "$@"; }

[ -s "$PKI/admin.kubeconfig" ] || fail "not set up: run .ci/cluster/setup.sh first"
if [ -f "$RUN/kube-apiserver.pid" ] && kill -0 "$(cat "$RUN/kube-apiserver.pid")" 2>/dev/null; then
  fail "already running (stop it with .ci/cluster/stop.sh)"
fi
mkdir -p "$LOGS" "$RUN"
sysctl -qw net.ipv4.ip_forward=1
modprobe br_netfilter 2>/dev/null || true
sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true

launch containerd containerd --config "$CONF/containerd.toml"
await 30 containerd $CTR version
"$HERE/load-images.sh"

rm -rf "$CLUSTER_DIR/etcd"
launch etcd "$BIN/etcd" --data-dir "$CLUSTER_DIR/etcd" --listen-client-urls http://127.0.0.1:2379 \
  --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 --unsafe-no-fsync
await 30 etcd curl -sf http://127.0.0.1:2379/health
launch kube-apiserver "$BIN/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 --advertise-address="$NODE_IP" \
  --secure-port=6443 --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" --service-cluster-ip-range="$SERVICE_CIDR" \
  --authorization-mode=Node,RBAC --allow-privileged=true --enable-admission-plugins=NodeRestriction
await 120 kube-apiserver kubectl get --raw /readyz
say "kube-apiserver ready"
launch kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig="$PKI/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$PKI/controller-manager.kubeconfig" --authorization-kubeconfig="$PKI/controller-manager.kubeconfig" \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" --cluster-signing-cert-file="$PKI/ca.crt" \
  --cluster-signing-key-file="$PKI/ca.key" --use-service-account-credentials=true --leader-elect=false \
  --service-cluster-ip-range="$SERVICE_CIDR" --bind-address=127.0.0.1
launch kube-scheduler "$BIN/kube-scheduler" --kubeconfig="$PKI/scheduler.kubeconfig" \
  --authentication-kubeconfig="$PKI/scheduler.kubeconfig" --authorization-kubeconfig="$PKI/scheduler.kubeconfig" \
  --leader-elect=false --bind-address=127.0.0.1
launch kubelet "$BIN/kubelet" --config="$CONF/kubelet.yaml" --kubeconfig="$PKI/kubelet.kubeconfig" \
  --hostname-override="$NODE" --node-ip="$NODE_IP" --root-dir="$KUBELET_ROOT" --v=1
launch kube-proxy "$BIN/kube-proxy" --kubeconfig="$PKI/kube-proxy.kubeconfig" --hostname-override="$NODE" \
  --cluster-cidr="$POD_CIDR" --proxy-mode=iptables --oom-score-adj=0 --conntrack-max-per-core=0 \
  --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256
node_ready() { [ "$(kubectl get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}{.spec.taints}')" = True ]; }
await 120 "node $NODE" node_ready
say "node $NODE Ready"
# kube-router identifies its node by the Node object: it exits when started before the node registered.
launch kube-router "$BIN/kube-router" --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
  --enable-ipv6=false --kubeconfig="$PKI/netpol.kubeconfig" --hostname-override="$NODE" \
  --service-cluster-ip-range="$SERVICE_CIDR" --health-port=0 --v=1
await 60 "kube-router's first sync" grep -q 'sync iptables took' "$LOGS/kube-router.log"
kill -0 "$(cat "$RUN/kube-router.pid")" 2>/dev/null || fail "kube-router exited: $(tail -3 "$LOGS/kube-router.log")"
say "kube-router enforcing NetworkPolicy"
await 60 "the default ServiceAccount" kubectl -n kube-system get serviceaccount default
if [ -s "$CLUSTER_DIR/images/coredns.tar" ]; then
  sed -e "s|@VERSION@|$COREDNS_VERSION|" -e "s|@DNS_IP@|$DNS_IP|" "$HERE/coredns.yaml" | kubectl apply -f - >/dev/null
  kubectl -n kube-system wait --for=condition=Ready pod/coredns --timeout=120s >/dev/null || fail "CoreDNS not Ready"
  say "CoreDNS at $DNS_IP"
fi
await 60 "the default namespace's ServiceAccount" kubectl -n default get serviceaccount default
say "cluster ready: KUBECONFIG=$KUBECONFIG"
