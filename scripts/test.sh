#!/usr/bin/env bash
# Installs what the tests need (Debian packages, via apt-get) and runs every
# test: go vet, then go test over all packages. The README's quick start and
# .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the test suite uses. Tests that need one of these fail
# (not skip) when CI is set and the tool is missing.
#   gcc-multilib  ia32 builds (gcc -m32) of runtime/hosted programs
#   qemu-user     runs them where the kernel cannot execute ia32 code
#   valgrind      callgrind runs of hosted programs
#   clang, g++-multilib  the compile matrix of runtime/include (gcc, g++,
#                 clang, clang++ for ia32 and amd64; runtime/test)
#   qemu-system-x86  qemu-system-i386 boots l4idl's L4 kernel (runtime/kernel):
#                 the kernel conformance suite, the generated-stub suite on the
#                 kernel (backend/gcc-x86 TestE2EKernel), the figures benchmark
#                 and the quick-start demo
packages=(gcc gcc-multilib qemu-user valgrind clang g++-multilib qemu-system-x86)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -q
	$sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v go >/dev/null 2>&1; then
	echo "error: Go (1.26 or newer) is not installed; see README.md" >&2
	exit 1
fi

go vet ./...

# The corpus pass counts per folder (TestCheckCorpus enforces them; this
# shows them, since go test hides the logs of passing tests).
echo "corpus (../shared/corpus) through l4idl check and lowering:"
go test -count=1 -run 'TestCheckCorpus$' -v ./ir | sed -n 's/^ *check_corpus_test.go:[0-9]*: \([a-z0-9]* *[0-9]* files:.*\)/  \1/p'

go test -count=1 "$@" ./...
