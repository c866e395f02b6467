#!/usr/bin/env bash
# Makes a Docker engine answer `docker info`, idempotently: installs docker.io + debootstrap when missing,
# starts dockerd in the background when it is not running, waits until it answers. Exit 0 = engine ready.
#
# The vfs storage driver works in any container/VM (no overlayfs or devicemapper needed); it is slow and uses
# disk per layer, which is fine for two small images. The nofile ulimit keeps JVMs in containers happy.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
WAIT_SECONDS=${DOCKERD_WAIT_SECONDS:-60}

if docker info >/dev/null 2>&1; then
  echo "docker: engine already running"
  exit 0
fi

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "docker: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A dockerd that runs but does not answer yet (just started by someone else) is waited for, not doubled.
if ! pgrep -x dockerd >/dev/null; then
  echo "docker: starting dockerd (log: $LOG)"
  $SUDO sh -c "nohup dockerd --storage-driver vfs --default-ulimit nofile=20000:20000 >'$LOG' 2>&1 &"
fi

for _ in $(seq "$WAIT_SECONDS"); do
  if docker info >/dev/null 2>&1; then
    echo "docker: engine ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    exit 0
  fi
  sleep 1
done
echo "docker: engine did not answer within ${WAIT_SECONDS}s; last lines of $LOG:" >&2
tail -20 "$LOG" >&2 || true
exit 1
