#!/bin/sh
# Builds jail4j-launcher for the Maven build of jail-native:
#   sh build.sh OUTPUT_DIR ARCH [CC-ARGUMENT...]
# writes OUTPUT_DIR/jail4j-launcher-OS-ARCH and its SHA-256 (lowercase hex, one line) beside it.
# OS is linux (every mode; every .c file but *_freebsd.c) or freebsd (exec alone:
# exec_freebsd.c, identity.c, util.c), from uname -s unless JAIL4J_LAUNCHER_OS names it: the
# Linux test of the FreeBSD exec path builds the FreeBSD files with a shim given as CC-ARGUMENTs.
# CC overrides the compiler (default cc). Static, so that the binary runs inside any jail root.
set -eu
out=$1
arch=$2
shift 2
src=$(dirname "$0")
os=${JAIL4J_LAUNCHER_OS:-$(uname -s)}

case $os in
Linux)
	name=linux
	for f in "$src"/*.c; do
		case $f in
		*_freebsd.c) ;;
		*) set -- "$@" "$f" ;;
		esac
	done
	;;
FreeBSD)
	name=freebsd
	set -- "$@" "$src/exec_freebsd.c" "$src/identity.c" "$src/util.c"
	;;
*) echo "jail4j-launcher: built on Linux and FreeBSD only, skipped on $os" >&2; exit 0 ;;
esac
bin="$out/jail4j-launcher-$name-$arch"
mkdir -p "$out"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -static -o "$bin.tmp" "$@"
mv -f "$bin.tmp" "$bin"
if command -v sha256sum >/dev/null; then
	sha256sum "$bin" | cut -d' ' -f1 > "$bin.sha256"
else
	sha256 -q "$bin" > "$bin.sha256"	# FreeBSD before 14
fi
