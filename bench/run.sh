#!/usr/bin/env bash
# The one command: installs/locates the peers, builds the copier jar and MinIO when missing, runs the
# benchmark and writes bench/results/. Arguments go to bench.py (e.g. --quick, --reps 5, --tools copier,rclone).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/bench.py "$@"
