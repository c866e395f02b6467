#!/usr/bin/env bash
# Runs promtool $PROMTOOL_VERSION (.ci/versions.sh) from $S3M_CACHE with the given arguments, in the current
# directory; ChartAlertRulesTest uses it for `promtool check rules` and `promtool test rules` on the chart's alerts.
# Exit 3: promtool is not built (.ci/build-test-binaries.sh alerts builds it).
set -euo pipefail
source "$(dirname "$0")/versions.sh"
bin=${PROMTOOL:-$S3M_CACHE/promtool-$PROMTOOL_VERSION/promtool}
if [ ! -x "$bin" ]; then
  echo "promtool $PROMTOOL_VERSION not found at $bin (build it with .ci/build-test-binaries.sh alerts)" >&2
  exit 3
fi
exec "$bin" "$@"
