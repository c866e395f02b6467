#!/usr/bin/env bash
# Prepares this host for the single-node test cluster (idempotent, ~10 s once the binaries are built):
# Debian packages, the binaries linked into $CLUSTER_DIR/bin, pause/busybox/coredns images packed without a
# registry, a throwaway PKI, and the containerd, CNI and kubelet configuration.
# Needs root and the binaries from `.ci/build-test-binaries.sh cluster`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/env.sh"

need=()
for p in containerd runc containernetworking-plugins busybox-static ipset iptables conntrack gcc libc6-dev openssl iproute2; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "cluster setup: installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p "$BIN" "$LOGS" "$RUN" "$CONF" "$CLUSTER_DIR/images"
for b in kube-apiserver etcd kubectl kubelet kube-scheduler kube-controller-manager kube-proxy; do
  [ -x "$K8S_BIN/$b" ] || { echo "cluster setup: $K8S_BIN/$b is missing (run .ci/build-test-binaries.sh cluster)" >&2; exit 1; }
  ln -sf "$K8S_BIN/$b" "$BIN/$b"
done
KUBE_ROUTER="$S3M_CACHE/kube-router-$KUBE_ROUTER_VERSION/kube-router"
[ -x "$KUBE_ROUTER" ] || { echo "cluster setup: $KUBE_ROUTER is missing (the NetworkPolicy enforcer)" >&2; exit 1; }
ln -sf "$KUBE_ROUTER" "$BIN/kube-router"
COREDNS="$S3M_CACHE/coredns-$COREDNS_VERSION/coredns"

# Images without a registry: pause (the sandbox), busybox (test pods), coredns (cluster DNS), one layer each.
images=$CLUSTER_DIR/images work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -s "$images/pause.tar" ]; then
  mkdir -p "$work/pause"
  gcc -Os -static -o "$work/pause/pause" "$HERE/images/pause.c" && strip "$work/pause/pause"
  python3 "$HERE/images/oci-archive.py" "$work/pause" registry.k8s.io/pause:3.10.1 "$images/pause.tar" '["/pause"]'
fi
if [ ! -s "$images/busybox.tar" ]; then
  root=$work/busybox; mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  python3 "$HERE/images/oci-archive.py" "$root" docker.io/library/busybox:s3m-local "$images/busybox.tar" '[]'
fi
if [ -x "$COREDNS" ] && [ ! -s "$images/coredns.tar" ]; then
  mkdir -p "$work/coredns" && cp "$COREDNS" "$work/coredns/coredns"
  python3 "$HERE/images/oci-archive.py" "$work/coredns" "docker.io/s3m-local/coredns:$COREDNS_VERSION" "$images/coredns.tar" '["/coredns"]'
fi

# MinIO for the tests and the demo: the server, busybox for a shell, and the MinIO client when built (demo).
MINIO="$S3M_CACHE/minio-$MINIO_VERSION/minio" MC="$S3M_CACHE/mc-$MC_VERSION/mc"
minio_tar="$images/minio-$MINIO_VERSION.tar"
[ -x "$MC" ] && minio_tar="$images/minio-$MINIO_VERSION-mc-$MC_VERSION.tar"
if [ -x "$MINIO" ] && [ ! -s "$minio_tar" ]; then
  root=$work/minio; mkdir -p "$root"/{bin,etc,tmp,data}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
  cp "$MINIO" "$root/bin/minio" && chmod 1777 "$root/tmp"
  if [ -x "$MC" ]; then cp "$MC" "$root/bin/mc"; fi
  printf 'root:x:0:0:root:/data:/bin/sh\n' > "$root/etc/passwd"
  rm -f "$images"/minio-*.tar
  python3 "$HERE/images/oci-archive.py" "$root" docker.io/s3m-local/minio:dev "$minio_tar" '["/bin/minio"]'
fi

# PKI: regenerated when the node's name or address changed (the certificates name both).
if [ "$(cat "$PKI/node" 2>/dev/null)" != "$NODE $NODE_IP" ]; then
  rm -rf "$PKI" && "$HERE/mkpki.sh" "$PKI" "$NODE" "$NODE_IP" && echo "$NODE $NODE_IP" > "$PKI/node"
fi

sed -e "s|@SOCK@|$CONTAINERD_SOCK|g" "$HERE/containerd.toml" > "$CONF/containerd.toml"
dns=""; [ -s "$images/coredns.tar" ] && dns="clusterDNS: [$DNS_IP]"
sed -e "s|@PKI@|$PKI|g" -e "s|@SOCK@|$CONTAINERD_SOCK|g" -e "s|@DNS@|$dns|" "$HERE/kubelet.yaml" > "$CONF/kubelet.yaml"
mkdir -p /etc/cni/net.d
sed -e "s|@POD_CIDR@|$POD_CIDR|g" "$HERE/cni.conflist" > /etc/cni/net.d/10-s3m-bridge.conflist
echo "cluster setup: node $NODE ($NODE_IP) prepared in $CLUSTER_DIR"
