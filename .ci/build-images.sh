#!/usr/bin/env bash
# Builds the two product images on a machine that cannot pull from any container registry:
#
#   local/s3m-base:bookworm   Debian minbase rootfs from debootstrap (glibc, libstdc++, zlib: all a jlink'd
#                             JRE needs); the runtime stage of both product images
#   local/s3m-jdk:17          the base + Debian's openjdk-17-jdk-headless (jdeps, jlink, jmods); the build stage
#   s3migration/copier:dev    copier-image/Dockerfile            (needs copier-image/copier/target/)
#   s3migration/operator:dev  operator/src/main/docker/Dockerfile.jvm  (needs operator/target/quarkus-app/)
#
# The two local bases are built once: the rootfs tarball is cached under $S3M_CACHE/images/ (keyed by suite
# and variant) and an existing image is never rebuilt. The product images are rebuilt on every call (Docker's
# layer cache keeps that short when nothing changed).
#
# The jars must exist (`./mvnw -B -DskipTests install`, as .ci/run does first); when they are missing this
# script runs `./mvnw -q -B -DskipTests package` for the two modules itself.
# Environment: S3M_CACHE (default ~/.cache/s3migration), S3M_IMAGE_TAG (default dev).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${S3M_CACHE:-$HOME/.cache/s3migration}
TAG=${S3M_IMAGE_TAG:-dev}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE_IMAGE=local/s3m-base:$SUITE
BUILD_IMAGE=local/s3m-jdk:17
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
step() { printf '==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
has_image() { docker image inspect "$1" >/dev/null 2>&1; }

build_base() {
  if has_image "$BASE_IMAGE"; then step "$BASE_IMAGE exists"; return; fi
  local tarball="$CACHE/images/debian-$SUITE-minbase-rootfs.tar"
  if [ ! -s "$tarball" ]; then
    step "debootstrap --variant=minbase $SUITE -> $tarball"
    local dir; dir=$(mktemp -d)
    chmod 755 "$dir"   # the image's / (mktemp makes it 0700: nobody but root could run anything)
    $SUDO debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >/dev/null
    # Clean apt lists and caches so they do not bloat every image built on top.
    $SUDO rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb
    mkdir -p "$(dirname "$tarball")"
    $SUDO tar -C "$dir" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    $SUDO rm -rf "$dir"
  fi
  step "docker import $tarball as $BASE_IMAGE"
  docker import --change 'CMD ["/bin/bash"]' "$tarball" "$BASE_IMAGE" >/dev/null
}

build_jdk() {
  if has_image "$BUILD_IMAGE"; then step "$BUILD_IMAGE exists"; return; fi
  step "build $BUILD_IMAGE (apt-get install openjdk-17-jdk-headless)"
  docker build --network host -t "$BUILD_IMAGE" - >/dev/null 2>&1 <<EOF
FROM $BASE_IMAGE
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless >/dev/null \
 && rm -rf /var/lib/apt/lists/*
EOF
}

ensure_jars() {
  if [ -s copier-image/copier/target/copier.jar ] && [ -s operator/target/quarkus-app/quarkus-run.jar ]; then
    return
  fi
  step "jars missing: ./mvnw -q -B -DskipTests package (copier, operator)"
  ./mvnw -q -B -DskipTests package -pl copier-image/copier,operator -am
}

build_product() {
  local image=$1 dockerfile=$2 context=$3
  step "build $image from $dockerfile"
  local start=$SECONDS log; log=$(mktemp)
  if ! docker build --network host -f "$dockerfile" \
    --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg BUILD_IMAGE="$BUILD_IMAGE" \
    --build-arg VERSION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    -t "$image" "$context" >"$log" 2>&1; then
    tail -40 "$log" >&2; rm -f "$log"; return 1
  fi
  grep -h 'jlink modules:' "$log" || true
  rm -f "$log"
  step "$image built in $((SECONDS - start)) s, $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
}

build_base
build_jdk
ensure_jars
build_product "s3migration/copier:$TAG" copier-image/Dockerfile copier-image
build_product "s3migration/operator:$TAG" operator/src/main/docker/Dockerfile.jvm operator
# Earlier builds of the product images are untagged now; with the vfs driver each holds gigabytes: drop them, so
# repeated runs on one machine do not fill its disk (a MinIO test server refuses writes near a full disk).
docker image prune -f >/dev/null
