#!/usr/bin/env bash
# Writes the chart README (helm/s3-migration-operator/README.md) from README.md.gotmpl and the `# --` comments of
# values.yaml, with helm-docs $HELM_DOCS_VERSION (.ci/versions.sh) from $S3M_CACHE. --dry-run prints it instead;
# ChartReadmeTest compares that with the committed README. Exit 3: helm-docs is not built
# (.ci/build-test-binaries.sh docs builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/versions.sh
bin=${HELM_DOCS:-$S3M_CACHE/helm-docs-$HELM_DOCS_VERSION/helm-docs}
if [ ! -x "$bin" ]; then
  echo "helm-docs $HELM_DOCS_VERSION not found at $bin (build it with .ci/build-test-binaries.sh docs)" >&2
  exit 3
fi
exec "$bin" --chart-search-root helm/s3-migration-operator --template-files README.md.gotmpl \
  --sort-values-order file --log-level warning "$@"
