#!/usr/bin/env bash
# Imports the images the node runs into its containerd (no registry): the ones setup.sh packed (pause, busybox,
# MinIO, CoreDNS) and the product images from the Docker engine. start.sh calls it; call it again after
# .ci/build-images.sh to run new product images without restarting the cluster.
set -euo pipefail
source "$(dirname "$0")/env.sh"
for tar in "$CLUSTER_DIR"/images/*.tar; do $CTR images import "$tar" >/dev/null; done
for image in s3migration/operator:dev s3migration/copier:dev; do
  if docker image inspect "$image" >/dev/null 2>&1; then
    docker save "$image" | $CTR images import - >/dev/null
  else
    echo "WARNING: image $image is not in the Docker engine (build it with .ci/build-images.sh)" >&2
  fi
done
# Earlier builds of the product images stay behind as digest-only references: drop them.
for stale in $($CTR images ls -q | grep -E '^docker\.io/s3migration/[a-z]+@sha256:' || true); do
  $CTR images rm "$stale" >/dev/null
done
echo "node images: $($CTR images ls -q | grep -v '^sha256:' | grep -v '@' | tr '\n' ' ')"
