#!/usr/bin/env bash
# Stops what start.sh started (by PID file) and removes the host state it leaves: pods (through the kubelet, so
# the CNI plugin releases their addresses), containers, mounts, network namespaces, the bridge, and only the
# iptables chains and ipsets of Kubernetes, kube-router and CNI (Docker's are left alone). Idempotent.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/env.sh"
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
if alive kubelet && alive kube-apiserver; then
  "$BIN/kubectl" delete namespaces -l s3m-test=true --wait=false >/dev/null 2>&1
  "$BIN/kubectl" delete jobs,pods --all -A --grace-period=1 --wait=true --timeout=60s >/dev/null 2>&1
fi
stop() {
  local pidfile=$RUN/$1.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
}
for daemon in kube-router kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd; do stop "$daemon"; done
if [ -S "$CONTAINERD_SOCK" ]; then
  for id in $($CTR tasks ls -q 2>/dev/null); do $CTR tasks kill -s SIGKILL "$id" >/dev/null 2>&1; done
  sleep 1
  for id in $($CTR tasks ls -q 2>/dev/null); do $CTR tasks delete -f "$id" >/dev/null 2>&1; done
  for id in $($CTR containers ls -q 2>/dev/null); do $CTR containers rm "$id" >/dev/null 2>&1; done
fi
stop containerd
for ipt in iptables ip6tables; do
  for table in filter nat mangle; do
    $ipt -t $table -S 2>/dev/null | grep -E '^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) .*-j (KUBE-|CNI-)' | sed 's/^-A /-D /' |
      while read -r rule; do eval "$ipt -t $table $rule"; done
    chains=$($ipt -t $table -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\)-[^ ]*\)$/\1/p')
    for c in $chains; do $ipt -t $table -F "$c"; done
    for c in $chains; do $ipt -t $table -X "$c"; done
  done
done
for set in $(ipset list -n 2>/dev/null | grep -E '^(KUBE-|kube-router)'); do ipset destroy "$set" 2>/dev/null; done
grep -E " ($KUBELET_ROOT|/run/s3m-containerd|/var/lib/s3m-containerd)" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l
for ns in $(ip netns list 2>/dev/null | awk '/^cni-/{print $1}'); do ip netns del "$ns"; done
ip link del s3mbr0 2>/dev/null
rm -rf /var/lib/cni/networks/s3m-pods /var/lib/cni/results /var/log/pods /var/log/containers "$CLUSTER_DIR/etcd"
# The kubelet's QoS cgroups stay behind on every v1 hierarchy; they are empty once the pods are gone.
for dir in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/*/kubepods.slice; do
  [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
done
echo "cluster stopped"
exit 0
