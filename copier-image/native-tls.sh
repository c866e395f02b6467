#!/bin/sh
# Lays out Conscrypt (client/NativeCrypto: the copier's TLS and MD5 in native code) as the image runs it: its native
# library moved out of its jar into NATIVE_DIR, the folder jvm.options names as java.library.path, and the jar
# rewritten without it and unsigned. Conscrypt copies a library it finds in its own jar to /tmp at every start, even
# when java.library.path has one (2.4 MiB, every byte hashed against the jar's signature by Java code not yet
# compiled); a signed jar also costs a digest check of each class loaded from it, and AppCDS skips signed jars.
# The signature adds nothing here: the jar's checksum was checked by Maven, and no security manager reads signers.
# Used by the Dockerfile and by bench/ (the same layout either way); needs the JDK's `jar`.
#
#   native-tls.sh LIB_DIR NATIVE_DIR
set -eu
lib=$1 native=$2
set -- "$lib"/conscrypt-openjdk-uber-*.jar
[ $# -eq 1 ] && [ -f "$1" ] || { echo "native-tls.sh: expected one conscrypt-openjdk-uber jar in $lib" >&2; exit 1; }
jar=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && jar xf "$jar")
mkdir -p "$native"
find "$work/META-INF/native" -name '*.so' -exec mv {} "$native/" \;
rm -rf "$work/META-INF/native" "$work"/META-INF/*.SF "$work"/META-INF/*.RSA "$work"/META-INF/*.DSA "$work"/META-INF/*.EC
jar --create --file "$work.jar" --manifest "$work/META-INF/MANIFEST.MF" -C "$work" .
mv "$work.jar" "$jar"
