#!/usr/bin/env bash
# The whole user path on a real cluster (the current kubectl context, a throwaway k3d/kind cluster, or a local
# single-node cluster this script builds and starts): install the chart, start two MinIO servers, put objects
# into the source, apply a MigrationJob, watch it to Succeeded, and check the destination holds every object.
#
#   examples/demo/demo.sh              # the current kubectl context; with none, the local cluster (LOCAL=1)
#   LOCAL=1 examples/demo/demo.sh      # as root on Debian 12: builds (once, cached) and starts a local cluster
#                                      # (.ci/cluster/: kubelet, containerd, kube-router, CoreDNS) and the images
#   LOAD=k3d examples/demo/demo.sh     # first imports the locally built images into k3d (or LOAD=kind)
#   examples/demo/demo.sh --cleanup    # removes everything the demo created (LOCAL=1: stops the local cluster)
#
# Needs kubectl and helm (LOCAL=1 builds both); the images s3migration/operator:dev and s3migration/copier:dev
# must be pullable by the cluster or loaded into it (.ci/build-images.sh builds them; LOAD=k3d|kind loads them).
set -euo pipefail
cd "$(dirname "$0")/../.."
RELEASE=s3m
OPERATOR_NS=s3migration-system
OBJECTS=${OBJECTS:-50}
STORAGE_IMAGE=quay.io/minio/minio:latest
step() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Prints how long a slow step has been running, every 30 s, while it runs.
with_ticker() {
  local what=$1; shift
  "$@" & local pid=$! start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5; [ $(((SECONDS - start) % 30)) -lt 5 ] && kill -0 "$pid" 2>/dev/null && echo "    ... $what: $((SECONDS - start)) s"
  done
  wait "$pid"
}

if [ -z "${LOCAL:-}" ] && ! kubectl config current-context >/dev/null 2>&1; then LOCAL=1; fi
if [ "${LOCAL:-}" = 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "LOCAL=1 starts a kubelet and containerd: run it as root" >&2; exit 2; }
  if [ "${1:-}" = "--cleanup" ]; then .ci/cluster/stop.sh; exit 0; fi
  step "local cluster: Kubernetes, kube-router, CoreDNS, MinIO, mc and Helm from their Go modules (cached after the first time)"
  with_ticker "Go builds" .ci/build-test-binaries.sh minio cluster demo
  step "local cluster: the product images (Docker engine, Maven build)"
  .ci/start-docker.sh
  with_ticker "Maven build" ./mvnw -B -q -DskipTests install
  with_ticker "image builds" .ci/build-images.sh
  step "local cluster: start"
  .ci/cluster/stop.sh >/dev/null 2>&1 || true
  .ci/cluster/setup.sh && .ci/cluster/start.sh
  source .ci/cluster/env.sh
  export PATH="$BIN:$S3M_CACHE/helm-$HELM_VERSION:$PATH" KUBECONFIG
  STORAGE_IMAGE=docker.io/s3m-local/minio:dev   # built by setup.sh: no registry needed
fi

if [ "${1:-}" = "--cleanup" ]; then
  kubectl delete namespace demo-team demo-storage --ignore-not-found
  helm uninstall "$RELEASE" -n "$OPERATOR_NS" || true
  exit 0
fi

step "cluster: $(kubectl config current-context)"
kubectl cluster-info >/dev/null

case "${LOAD:-none}" in
  k3d) k3d image import s3migration/operator:dev s3migration/copier:dev ;;
  kind) kind load docker-image s3migration/operator:dev s3migration/copier:dev ;;
  none) ;;
  *) echo "LOAD must be k3d, kind or none" >&2; exit 2 ;;
esac

step "install the operator (helm/s3-migration-operator, values examples/demo/values.yaml)"
helm upgrade --install "$RELEASE" helm/s3-migration-operator -n "$OPERATOR_NS" --create-namespace \
  -f examples/demo/values.yaml --wait --timeout 5m

step "start the source and destination MinIO servers"
sed "s|image: quay.io/minio/minio:latest|image: $STORAGE_IMAGE|" examples/demo/storage.yaml | kubectl apply -f -
kubectl -n demo-storage rollout status deploy/minio-source deploy/minio-destination --timeout 5m

mc_in() { # deployment, script: runs the MinIO client inside that server's pod, alias "local"
  kubectl -n demo-storage exec "deploy/$1" -- sh -c \
    'mc alias set local http://127.0.0.1:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null && '"$2"
}
step "put $OBJECTS objects into s3://photos at the source; create the empty destination bucket"
mc_in minio-source "mc mb -p local/photos >/dev/null && for i in \$(seq 1 $OBJECTS); do
  head -c \$((i * 997)) /dev/urandom | mc pipe local/photos/2025/img_\$i.jpg >/dev/null; done && mc ls -r local/photos | wc -l"
mc_in minio-destination "mc mb -p local/photos >/dev/null"

step "tenant Secrets and the MigrationJob (namespace demo-team)"
kubectl apply -f examples/demo/migration.yaml  # the namespace first, then the MigrationJob waits for its Secrets
secret() { # name, namespace of the root Secret
  kubectl -n demo-team create secret generic "$1" --dry-run=client -o yaml \
    --from-literal=accessKeyId="$(kubectl -n demo-storage get secret "$2" -o jsonpath='{.data.MINIO_ROOT_USER}' | base64 -d)" \
    --from-literal=secretAccessKey="$(kubectl -n demo-storage get secret "$2" -o jsonpath='{.data.MINIO_ROOT_PASSWORD}' | base64 -d)" \
    | kubectl label --local -f - s3migration.io/credentials=true -o yaml | kubectl apply -f -
}
secret source-readonly minio-source-root
secret destination-writer minio-destination-root

step "watch it (kubectl get mj -n demo-team -w shows the same)"
for _ in $(seq 1 150); do
  phase=$(kubectl -n demo-team get mj demo-photos -o jsonpath='{.status.phase}')
  kubectl -n demo-team get mj demo-photos --no-headers
  case "$phase" in Succeeded) break ;; Failed|Cancelled) kubectl -n demo-team describe mj demo-photos; exit 1 ;; esac
  sleep 2
done
[ "$phase" = Succeeded ] || { echo "not Succeeded after 5 minutes" >&2; kubectl -n demo-team describe mj demo-photos; exit 1; }

step "check the destination"
copied=$(mc_in minio-destination "mc ls -r local/photos | wc -l")
echo "destination holds $copied objects (source: $OBJECTS)"
[ "$copied" -eq "$OBJECTS" ]
mc_in minio-source "mc cat local/photos/2025/img_7.jpg" | sha256sum > /tmp/s3m-demo-src.sum
mc_in minio-destination "mc cat local/photos/2025/img_7.jpg" | sha256sum > /tmp/s3m-demo-dst.sum
cmp -s /tmp/s3m-demo-src.sum /tmp/s3m-demo-dst.sum && echo "img_7.jpg identical at both ends"
echo "demo done; remove it with: examples/demo/demo.sh --cleanup"
