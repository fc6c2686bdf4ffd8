#!/usr/bin/env bash
# Makes the external inputs of the testbins conformance tests available:
#   - the host tools: gcc, musl-gcc, aarch64-linux-gnu-gcc (+ arm64 libc), qemu-user,
#     busybox-static, strace and golang-go — installed with apt-get when run as root, otherwise
#     the exact command to run is printed and the script fails;
#   - Debian's busybox-static for both architectures:
#       target/busybox/x86_64/busybox   (a copy of the host's /bin/busybox)
#       target/busybox/aarch64/busybox  (busybox-static:arm64, fetched with apt-get download)
#   - the Go programs of src/main/go, built statically for amd64 and arm64 into
#     target/bin/x86_64-go and target/bin/aarch64-go (`make go`; caches under target/go).
# Idempotent, and silent when everything is already there. Exit status 0 when ready.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bb_dir="$here/target/busybox"

say() { echo "testbins/prepare.sh: $*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# package -> a file or command that proves it is installed
declare -A probe=(
  [gcc]="gcc"
  [musl-tools]="musl-gcc"
  [gcc-aarch64-linux-gnu]="aarch64-linux-gnu-gcc"
  [libc6-dev-arm64-cross]="/usr/aarch64-linux-gnu/lib/libc.a"
  [qemu-user]="qemu-aarch64"
  [busybox-static]="/bin/busybox"
  [strace]="strace"
  [make]="make"
  [golang-go]="go"
)

missing=()
for pkg in gcc musl-tools gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user busybox-static strace make golang-go; do
  p="${probe[$pkg]}"
  if [[ "$p" == /* ]]; then [ -e "$p" ] && continue; else command -v "$p" >/dev/null 2>&1 && continue; fi
  missing+=("$pkg")
done
# busybox (dynamic) and busybox-static both provide /bin/busybox; the tests need the static one.
if [ -e /bin/busybox ] && ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
  if command -v file >/dev/null 2>&1; then missing+=("busybox-static"); fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  if is_root; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; }
  else
    say "missing packages: ${missing[*]}"
    say "run: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# x86-64 busybox: the host's static one.
if ! cmp -s /bin/busybox "$bb_dir/x86_64/busybox" 2>/dev/null; then
  mkdir -p "$bb_dir/x86_64"
  cp /bin/busybox "$bb_dir/x86_64/busybox.tmp"
  mv "$bb_dir/x86_64/busybox.tmp" "$bb_dir/x86_64/busybox"
fi

# aarch64 busybox: Debian's busybox-static:arm64, unpacked from the .deb.
if [ ! -x "$bb_dir/aarch64/busybox" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    if is_root; then
      dpkg --add-architecture arm64
      apt-get update -q >/dev/null
    else
      say "arm64 is not a dpkg foreign architecture"
      say "run: sudo dpkg --add-architecture arm64 && sudo apt-get update"
      exit 1
    fi
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1); then
    if is_root; then
      apt-get update -q >/dev/null
      (cd "$work" && apt-get download -q busybox-static:arm64 >/dev/null) \
        || { say "apt-get download busybox-static:arm64 failed"; exit 1; }
    else
      say "apt-get download busybox-static:arm64 failed; run: sudo apt-get update, then retry"
      exit 1
    fi
  fi
  dpkg-deb -x "$work"/busybox-static_*_arm64.deb "$work/root"
  mkdir -p "$bb_dir/aarch64"
  cp "$work/root/bin/busybox" "$bb_dir/aarch64/busybox.tmp"
  chmod 755 "$bb_dir/aarch64/busybox.tmp"
  mv "$bb_dir/aarch64/busybox.tmp" "$bb_dir/aarch64/busybox"
fi

# The Go programs (Debian's golang-go; nothing is downloaded, nothing written to $HOME).
make -s --no-print-directory -C "$here" go
