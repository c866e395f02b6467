#!/usr/bin/env bash
# Builds the third-party test servers the test tiers use, from their published Go modules, into a cache
# directory outside the clone, keyed by version. Each binary is built only when it is missing.
#   minio           -> $CACHE/minio-$MINIO_VERSION/minio              (copier MinIO tier, bench)
#   kube-apiserver  -> $CACHE/kubeapitest/k8s/$K8S_VERSION-linux-amd64/ (operator real-API-server tier)
#   etcd, kubectl   -> same folder as kube-apiserver
# Usage: build-test-binaries.sh [minio] [k8s]   (default: both)
set -euo pipefail
CACHE=${S3M_CACHE:-$HOME/.cache/s3migration}
MINIO_VERSION=${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}
K8S_VERSION=${K8S_VERSION:-1.34.4}
ETCD_VERSION=${ETCD_VERSION:-3.6.6}
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
mkdir -p "$CACHE"

build_minio() {
  local dir="$CACHE/minio-$MINIO_VERSION"
  if [ -x "$dir/minio" ]; then echo "minio: cached at $dir/minio"; return; fi
  echo "minio: building $MINIO_VERSION from its Go module (several minutes on 2 cores)"
  mkdir -p "$dir"
  GOBIN="$dir" go install -trimpath -ldflags "-s -w" "github.com/minio/minio@$MINIO_VERSION"
}

build_k8s() {
  local out="$CACHE/kubeapitest/k8s/$K8S_VERSION-linux-amd64"
  if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ] && [ -x "$out/kubectl" ] && [ ! -L "$out/kubectl" ]; then echo "kube-apiserver/etcd/kubectl: cached at $out"; return; fi
  echo "kube-apiserver $K8S_VERSION + etcd $ETCD_VERSION: building from Go modules (tens of minutes cold)"
  mkdir -p "$out"
  local work; work=$(mktemp -d)
  (
    cd "$work" && mkdir k8s etcd
    cd k8s && go mod init local/k8sbuild >/dev/null 2>&1
    go mod edit -require=k8s.io/kubernetes@v$K8S_VERSION
    local mod; mod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    for m in $(sed -n 's|^\s*\(k8s.io/[^ ]*\) => ./staging/.*|\1|p' "$mod"); do
      go mod edit -replace="$m=$m@v0.${K8S_VERSION#1.}"
    done
    printf 'package main\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver/app"\n\t_ "k8s.io/kubectl/pkg/cmd"\n\t_ "k8s.io/component-base/cli"\n\t_ "k8s.io/client-go/plugin/pkg/client/auth"\n)\nfunc main() {}\n' > tools.go
    go mod tidy >/dev/null
    local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
    local ld="-s -w"
    for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ld="$ld -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    done
    [ -x "$out/kube-apiserver" ] || go build -trimpath -ldflags "$ld" -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
    # kube-api-test runs `kubectl get ns default` as its readiness check: build the matching one.
    if [ ! -x "$out/kubectl" ] || [ -L "$out/kubectl" ]; then
      go build -trimpath -ldflags "$ld" -o "$out/kubectl.new" k8s.io/kubernetes/cmd/kubectl
      mv -f "$out/kubectl.new" "$out/kubectl"
    fi
    [ -x "$out/etcd" ] && exit 0
    cd ../etcd && go mod init local/etcdbuild >/dev/null 2>&1
    go mod edit -require=go.etcd.io/etcd/server/v3@v$ETCD_VERSION
    printf 'package main\nimport _ "go.etcd.io/etcd/server/v3/etcdmain"\nfunc main() {}\n' > tools.go
    go mod tidy >/dev/null
    go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
  )
  rm -rf "$work"
  echo "kube-apiserver/etcd: built into $out"
}

targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(minio k8s)
for t in "${targets[@]}"; do "build_$t"; done
