#!/bin/sh
# Makes the copier's AppCDS archive: a training run loads what a run loads (config, credential files, the direct
# request path, endpoint rules, signing, the HTTP client; then, publishing its report, an SDK client and its request
# pipeline, which a run builds only when it needs one) and stops at the address guard, which refuses loopback
# endpoints, so no S3 server is needed. Used by the Dockerfile and by bench/ (the same archive either way).
#
#   train-cds.sh JAVA JVM_OPTIONS_FILE COPIER_JAR ARCHIVE [NATIVE_DIR]
# NATIVE_DIR: where native-tls.sh put Conscrypt's library, when not where the options file says (the image's /app/native).
set -eu
java=$1 options=$2 jar=$3 archive=$4
if [ -n "${5:-}" ]; then set -- "-Djava.library.path=$5"; else set --; fi
base=$(dirname "$(dirname "$(readlink -f "$java")")")/lib/server/classes.jsa   # the JDK's own archive
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in source-access-key-id source-secret-access-key destination-access-key-id destination-secret-access-key; do
    echo training > "$work/$f"
done
# The source over https, the destination over http: the TLS set-up (Conscrypt's classes, the JDK's trust managers)
# is archived too, and the http-only path stays as it was.
# jvm.options names the image's archive; the later -XX:SharedArchiveFile (the JDK's) is the base to extend
S3M_MODE=copy S3M_REPORT_PREFIX=training/ S3M_MIGRATION=training S3M_SOURCE_BUCKET=training S3M_SOURCE_ENDPOINT=https://127.0.0.1:9 \
S3M_DESTINATION_BUCKET=training S3M_DESTINATION_ENDPOINT=http://127.0.0.1:9 \
S3M_CREDENTIALS_DIR="$work" S3M_TERMINATION_LOG="$work/termination-log" \
    "$java" @"$options" "$@" -XX:SharedArchiveFile="$base" -XX:ArchiveClassesAtExit="$work/copier.jsa" \
    -cp "$jar" io.s3migration.copier.Main > "$work/out" 2>&1 || true
if ! grep -q BlockedAddress "$work/termination-log" 2>/dev/null || [ ! -s "$work/copier.jsa" ]; then
    echo "AppCDS training run did not end at the address guard as expected:" >&2
    cat "$work/out" >&2
    exit 1
fi
mv "$work/copier.jsa" "$archive"
