#!/bin/sh
# Builds jail4j-launcher for the Maven build of jail-native:
#   sh build.sh OUTPUT_DIR ARCH
# writes OUTPUT_DIR/jail4j-launcher-linux-ARCH and its SHA-256 (lowercase hex, one line) beside it.
# CC overrides the compiler (default cc). Static, so that the binary runs inside any jail root.
set -eu
out=$1
arch=$2
src=$(dirname "$0")
bin="$out/jail4j-launcher-linux-$arch"

case $(uname -s) in
Linux) ;;
*) echo "jail4j-launcher: built on Linux only, skipped on $(uname -s)" >&2; exit 0 ;;
esac
mkdir -p "$out"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -static -o "$bin.tmp" "$src"/*.c
mv -f "$bin.tmp" "$bin"
sha256sum "$bin" | cut -d' ' -f1 > "$bin.sha256"
