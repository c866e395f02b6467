#!/usr/bin/env bash
# Installs or locates the peer tools the benchmark compares the copier with, each into its own cache folder
# ($S3M_CACHE/peers-<name>-<version>/), built only when missing and under `nice` (the machine is shared).
# A peer that cannot be installed is reported, never fatal. Output: one line per peer on stdout,
#   <name> <version> <path-or-"-"> <note>
# which bench.py reads. Build logs go to $CACHE/peers-<name>-<version>/build.log.
# Usage: peers.sh [--no-build]   (--no-build: only report what is already there)
set -uo pipefail
CACHE=${S3M_CACHE:-$HOME/.cache/s3migration}
RCLONE_VERSION=${RCLONE_VERSION:-v1.76.0}
MC_VERSION=${MC_VERSION:-v0.0.0-20250313080218-cf909e1063a9}   # what `go list -m github.com/minio/mc@latest` resolved
S3SYNC_VERSION=${S3SYNC_VERSION:-1.62.4}   # latest on crates.io when written
TOXIPROXY_VERSION=${TOXIPROXY_VERSION:-v2.5.0}   # not a peer: the delay proxy of the latency workload (delay.py)
BUILD=1; [ "${1:-}" = "--no-build" ] && BUILD=0
mkdir -p "$CACHE"

report() { printf '%s %s %s %s\n' "$1" "$2" "${3:--}" "${4:-}"; }

# go_peer NAME VERSION MODULE BINARY
go_peer() {
  local name=$1 version=$2 module=$3 bin=$4 dir="$CACHE/peers-$1-$2"
  if [ ! -x "$dir/$bin" ] && [ $BUILD = 1 ] && command -v go >/dev/null; then
    mkdir -p "$dir"
    echo "peers: building $name $version (go install, nice)" >&2
    ( export GOBIN="$dir" GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
      nice -n 10 go install -trimpath -ldflags "-s -w" "$module@$version" ) >"$dir/build.log" 2>&1 \
      || echo "peers: $name build failed, see $dir/build.log" >&2
  fi
  if [ -x "$dir/$bin" ]; then report "$name" "$version" "$dir/$bin" "go-install"
  else report "$name" "$version" - "not-installed(go install failed or --no-build; see $dir/build.log)"; fi
}

debian_peer() {  # NAME BINARY PACKAGE
  local path; path=$(command -v "$2" 2>/dev/null || true)
  if [ -n "$path" ]; then
    report "$1" "$(dpkg-query -W -f '${Version}' "$3" 2>/dev/null || echo unknown)" "$path" "debian:$3"
  else report "$1" - - "not-installed(apt-get install $3)"; fi
}

s3sync_peer() {
  local dir="$CACHE/peers-s3sync-$S3SYNC_VERSION"
  if [ ! -x "$dir/bin/s3sync" ] && [ $BUILD = 1 ] && command -v cargo >/dev/null; then
    mkdir -p "$dir"
    echo "peers: building s3sync $S3SYNC_VERSION (cargo install, nice)" >&2
    local v=(); [ "$S3SYNC_VERSION" != latest ] && v=(--version "$S3SYNC_VERSION")
    CARGO_BUILD_JOBS=2 nice -n 10 cargo install --locked --root "$dir" "${v[@]}" s3sync >"$dir/build.log" 2>&1 \
      || nice -n 10 cargo install --root "$dir" "${v[@]}" s3sync >>"$dir/build.log" 2>&1 \
      || echo "peers: s3sync build failed, see $dir/build.log" >&2
  fi
  if [ -x "$dir/bin/s3sync" ]; then report s3sync "$("$dir/bin/s3sync" --version 2>/dev/null | awk '{print $2}')" "$dir/bin/s3sync" cargo-install
  else report s3sync "$S3SYNC_VERSION" - "not-installed(cargo install failed or --no-build; see $dir/build.log)"; fi
}

debian_peer rclone-debian /usr/bin/rclone rclone
debian_peer awscli /usr/bin/aws awscli
go_peer rclone "$RCLONE_VERSION" github.com/rclone/rclone rclone
go_peer mc "$MC_VERSION" github.com/minio/mc mc
s3sync_peer
go_peer toxiproxy "$TOXIPROXY_VERSION" github.com/Shopify/toxiproxy/v2/cmd/server server
