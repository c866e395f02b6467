#!/usr/bin/env bash
# Builds the third-party test servers the test tiers use, from their published Go modules, into a cache
# directory outside the clone, keyed by version. Each binary is built only when it is missing.
#   minio           -> $CACHE/minio-$MINIO_VERSION/minio              (copier MinIO tier, bench)
#   kube-apiserver  -> $CACHE/kubeapitest/k8s/$K8S_VERSION-linux-amd64/ (operator real-API-server tier)
#   etcd, kubectl   -> same folder as kube-apiserver
#   cluster         -> kubelet, kube-scheduler, kube-controller-manager, kube-proxy (same folder as kube-apiserver),
#                      kube-router  -> $CACHE/kube-router-$KUBE_ROUTER_VERSION/   (NetworkPolicy enforcer)
#                      (the real-cluster tier: .ci/cluster/; its tests use no DNS names)
# Versions: .ci/versions.sh.
#   demo            -> coredns (cluster DNS: the demo's endpoints are Service names), mc (the MinIO client, put
#                      into the local MinIO image) and helm, for examples/demo/demo.sh LOCAL=1
#   docs            -> $CACHE/helm-docs-$HELM_DOCS_VERSION/helm-docs (the chart README's values table: .ci/helm-docs.sh,
#                      checked by the chart tier's ChartReadmeTest)
#   alerts          -> $CACHE/promtool-$PROMTOOL_VERSION/promtool (`promtool check/test rules` of the chart's
#                      PrometheusRule: .ci/promtool.sh, ChartAlertRulesTest; a few minutes cold)
# Usage: build-test-binaries.sh [minio] [k8s] [cluster] [demo] [docs] [alerts]   (default: minio k8s)
set -euo pipefail
source "$(dirname "$0")/versions.sh"
CACHE=$S3M_CACHE
K8S_OUT=$K8S_BIN
NODE_CMDS=(kubelet kube-scheduler kube-controller-manager kube-proxy)
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
mkdir -p "$CACHE"

build_minio() { go_install "minio-$MINIO_VERSION" minio "github.com/minio/minio@$MINIO_VERSION"; }

# The k8s.io/kubernetes module cannot be required directly (its staging modules are replaced by paths), so a
# wrapper module requires it and points every staging module at its published version.
k8s_wrapper() {
  local dir=$1
  mkdir -p "$dir" && cd "$dir"
  [ -f go.mod ] && return
  go mod init local/k8sbuild >/dev/null 2>&1
  go mod edit -require=k8s.io/kubernetes@v$K8S_VERSION
  local mod; mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  for m in $(sed -n 's|^\s*\(k8s.io/[^ ]*\) => ./staging/.*|\1|p' "$mod"); do
    go mod edit -replace="$m=$m@v0.${K8S_VERSION#1.}"
  done
  {
    printf 'package main\nimport (\n'
    for c in kube-apiserver "${NODE_CMDS[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s/app"\n' "$c"; done
    printf '\t_ "k8s.io/kubectl/pkg/cmd"\n\t_ "k8s.io/component-base/cli"\n\t_ "k8s.io/client-go/plugin/pkg/client/auth"\n)\nfunc main() {}\n'
  } > tools.go
  go mod tidy >/dev/null
}

k8s_build() {   # k8s_build CMD...: builds each missing k8s.io/kubernetes/cmd/CMD into $K8S_OUT
  local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  local ld="-s -w" p c
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  done
  for c in "$@"; do
    if [ -x "$K8S_OUT/$c" ] && [ ! -L "$K8S_OUT/$c" ]; then continue; fi
    local t0=$SECONDS
    go build -trimpath -ldflags "$ld" -o "$K8S_OUT/$c.new" "k8s.io/kubernetes/cmd/$c"
    mv -f "$K8S_OUT/$c.new" "$K8S_OUT/$c"
    echo "$c: built in $((SECONDS - t0)) s"
  done
}

build_k8s() {
  local out=$K8S_OUT
  if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ] && [ -x "$out/kubectl" ] && [ ! -L "$out/kubectl" ]; then echo "kube-apiserver/etcd/kubectl: cached at $out"; return; fi
  echo "kube-apiserver $K8S_VERSION + etcd $ETCD_VERSION: building from Go modules (tens of minutes cold)"
  mkdir -p "$out"
  local work; work=$(mktemp -d)
  (
    k8s_wrapper "$work/k8s"
    # kube-api-test runs `kubectl get ns default` as its readiness check: build the matching one.
    k8s_build kube-apiserver kubectl
    [ -x "$out/etcd" ] && exit 0
    mkdir -p "$work/etcd" && cd "$work/etcd" && go mod init local/etcdbuild >/dev/null 2>&1
    go mod edit -require=go.etcd.io/etcd/server/v3@v$ETCD_VERSION
    printf 'package main\nimport _ "go.etcd.io/etcd/server/v3/etcdmain"\nfunc main() {}\n' > tools.go
    go mod tidy >/dev/null
    go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
  )
  rm -rf "$work"
  echo "kube-apiserver/etcd: built into $out"
}

build_cluster() {
  build_k8s
  local missing=() c
  for c in "${NODE_CMDS[@]}"; do [ -x "$K8S_OUT/$c" ] || missing+=("$c"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "node binaries (${missing[*]}) $K8S_VERSION: building from the k8s.io/kubernetes module"
    local work; work=$(mktemp -d)
    ( k8s_wrapper "$work/k8s" && k8s_build "${missing[@]}" )
    rm -rf "$work"
  else
    echo "node binaries: cached at $K8S_OUT"
  fi
  go_install "kube-router-$KUBE_ROUTER_VERSION" kube-router "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION"
}

build_demo() {
  go_install "coredns-$COREDNS_VERSION" coredns "github.com/coredns/coredns@$COREDNS_VERSION"
  go_install "mc-$MC_VERSION" mc "github.com/minio/mc@$MC_VERSION"
  go_install "helm-$HELM_VERSION" helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
}

build_docs() {
  go_install "helm-docs-$HELM_DOCS_VERSION" helm-docs "github.com/norwoodj/helm-docs/cmd/helm-docs@$HELM_DOCS_VERSION"
}

build_alerts() {
  go_install "promtool-$PROMTOOL_VERSION" promtool "github.com/prometheus/prometheus/cmd/promtool@$PROMTOOL_VERSION"
}

go_install() {   # go_install CACHE_SUBDIR BINARY MODULE@VERSION
  local dir="$CACHE/$1"
  if [ -x "$dir/$2" ]; then echo "$2: cached at $dir/$2"; return; fi
  echo "$2: building $3"
  local t0=$SECONDS
  GOBIN="$dir" go install -trimpath -ldflags "-s -w" "$3"
  echo "$2: built in $((SECONDS - t0)) s"
}

targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(minio k8s)
for t in "${targets[@]}"; do "build_$t"; done
