#!/usr/bin/env bash
# Whole-process comparison of zlx against native execution and QEMU user mode.
#
#   bench/compare.sh [--runs N] [--cpu-n N] [--no-zlx]
#
# Runs the static benchmark programs of testbins — true_static (start-up), getppid_loop
# 1000000 (syscall cost) and cpu_loop N (integer work; N calibrated to ~0.5 s natively) —
#   x86-64 (testbins/target/bin/x86_64-glibc): natively, under qemu-x86_64, under zlx;
#   aarch64 (testbins/target/bin/aarch64-glibc): under qemu-aarch64, under zlx;
# each with hyperfine (1 warm-up, --runs N, default 5) for the median wall time, and once
# under /usr/bin/time for the peak RSS. Prints a Markdown table for docs/PERFORMANCE.md and
# the derived cost of one getppid: (median(getppid_loop) - median(true_static)) / count.
#
# zlx is run as `./zlx run --arch A -- PROG ARGS` when the launcher exists at the repository
# root, otherwise as `java --enable-native-access=ALL-UNNAMED -cp CP dev.zlx.orchestrator.Main
# run …` with CP from Maven; ZLX_CMD="…" overrides both. A runner that fails (non-zero or wrong
# output on a check run, or no zlx at all) is reported as "failed" and the script carries on.
# Each zlx run goes through `timeout` (ZLX_TIMEOUT, default 600 s), which adds ~1 ms.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
cpu_n=""
use_zlx=1
getppid_n=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --cpu-n) cpu_n="$2"; shift 2 ;;
    --no-zlx) use_zlx=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

log() { echo "compare.sh: $*" >&2; }
for tool in hyperfine qemu-x86_64 qemu-aarch64 jq timeout; do
  command -v "$tool" >/dev/null || { log "missing $tool (apt-get install hyperfine qemu-user jq coreutils)"; exit 1; }
done
[ -x /usr/bin/time ] || { log "missing /usr/bin/time (apt-get install time)"; exit 1; }

make -s -C "$root/testbins" TARGETS="x86_64-glibc aarch64-glibc" >&2 || { log "building testbins failed"; exit 1; }
bin_x86="$root/testbins/target/bin/x86_64-glibc"
bin_a64="$root/testbins/target/bin/aarch64-glibc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- how to run zlx --------------------------------------------------------------------
zlx=()
if [ "$use_zlx" = 1 ]; then
  if [ -n "${ZLX_CMD:-}" ]; then
    read -r -a zlx <<<"$ZLX_CMD"
  elif [ -x "$root/zlx" ]; then
    zlx=("$root/zlx")
  else
    java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
    if (cd "$root" && JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" mvn -q -pl orchestrator -am \
          compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >"$work/mvn.log" 2>&1); then
      zlx=("$java" --enable-native-access=ALL-UNNAMED -cp "$root/orchestrator/target/classes:$(cat "$work/cp.txt")"
           dev.zlx.orchestrator.Main)
    else
      log "cannot build zlx (see below); its columns will say failed"
      tail -5 "$work/mvn.log" >&2
    fi
  fi
fi

# --- calibration -----------------------------------------------------------------------
if [ -z "$cpu_n" ]; then
  probe=50000000
  t0=$(date +%s%N); "$bin_x86/cpu_loop" "$probe" >/dev/null; t1=$(date +%s%N)
  cpu_n=$(( probe * 500000000 / (t1 - t0 + 1) / 1000000 * 1000000 ))
  [ "$cpu_n" -lt 1000000 ] && cpu_n=1000000
  log "cpu_loop N=$cpu_n (~0.5 s natively)"
fi

# --- measuring -------------------------------------------------------------------------
# runner_cmd RUNNER ARCH PROG ARGS… : prints the command, one word per line
runner_cmd() {
  local runner="$1" arch="$2"; shift 2
  case "$runner" in
    native) printf '%s\n' "$@" ;;
    qemu) printf '%s\n' "qemu-$arch" "$@" ;;
    zlx) [ ${#zlx[@]} -gt 0 ] || return 1
         printf '%s\n' timeout "${ZLX_TIMEOUT:-600}" "${zlx[@]}" run --arch "$arch" -- "$@" ;;
  esac
}

# measure RUNNER ARCH NAME ARGS… : sets median_ms and rss_kb, or returns 1
measure() {
  local runner="$1" arch="$2" name="$3"; shift 3
  local bin; [ "$arch" = x86_64 ] && bin="$bin_x86/$name" || bin="$bin_a64/$name"
  local cmd; mapfile -t cmd < <(runner_cmd "$runner" "$arch" "$bin" "$@") || return 1
  [ ${#cmd[@]} -gt 0 ] || return 1
  local expected; expected="$("$bin_x86/$name" "$@" 2>/dev/null)"
  local out status
  out="$("${cmd[@]}" 2>"$work/err")"; status=$?
  if [ $status -ne 0 ] || [ "$out" != "$expected" ]; then
    log "$runner $arch $name: check run failed (exit $status): $(head -c 300 "$work/err" | tr '\n' ' ')"
    return 1
  fi
  # hyperfine -N runs the command without a shell; quote each word for its parser.
  local line="" w; for w in "${cmd[@]}"; do line+="$(printf '%q' "$w") "; done
  if ! hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" "$line" \
        >/dev/null 2>"$work/err"; then
    log "$runner $arch $name: hyperfine failed: $(head -c 300 "$work/err")"
    return 1
  fi
  median_ms="$(jq -r '.results[0].median * 1000' "$work/h.json")"
  rss_kb="$(/usr/bin/time -f %M -o "$work/rss" "${cmd[@]}" >/dev/null 2>&1; tail -1 "$work/rss")"
  return 0
}

declare -A T R   # T[runner/arch/name]=median ms, R[…]=peak RSS KiB; absent = failed
progs=("true_static" "getppid_loop $getppid_n" "cpu_loop $cpu_n")
for arch in x86_64 aarch64; do
  runners=(native qemu zlx); [ "$arch" = aarch64 ] && runners=(qemu zlx)
  for p in "${progs[@]}"; do
    read -r -a pa <<<"$p"
    for r in "${runners[@]}"; do
      log "$arch $r ${pa[*]}"
      if measure "$r" "$arch" "${pa[@]}"; then
        T[$r/$arch/${pa[0]}]="$median_ms"; R[$r/$arch/${pa[0]}]="$rss_kb"
      fi
    done
  done
done

# --- report ----------------------------------------------------------------------------
ms() { [ -n "${T[$1]:-}" ] && printf '%.1f' "${T[$1]}" || { [[ "$1" == native/aarch64/* ]] && echo "n/a" || echo "failed"; }; }
mib() { [ -n "${R[$1]:-}" ] && awk -v k="${R[$1]}" 'BEGIN{printf "%.1f", k/1024}' || echo "–"; }
ratio() { [ -n "${T[$1]:-}" ] && [ -n "${T[$2]:-}" ] && awk -v a="${T[$1]}" -v b="${T[$2]}" 'BEGIN{printf "%.1f×", a/b}' || echo "–"; }

echo "Benchmarks: median wall time of $runs runs (hyperfine, 1 warm-up); peak RSS of one run."
echo "Host: $(uname -m), $(nproc) CPUs, $(qemu-x86_64 --version | head -1 | sed 's/ version / /'), $(date -u +%Y-%m-%d)."
echo
echo "| arch | program | native ms | qemu ms | zlx ms | zlx/qemu | zlx/native | RSS native MiB | RSS qemu MiB | RSS zlx MiB |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for arch in x86_64 aarch64; do
  for p in "${progs[@]}"; do
    n="${p%% *}"
    echo "| $arch | \`$p\` | $(ms native/$arch/$n) | $(ms qemu/$arch/$n) | $(ms zlx/$arch/$n) |" \
         "$(ratio zlx/$arch/$n qemu/$arch/$n) | $(ratio zlx/$arch/$n native/$arch/$n) |" \
         "$(mib native/$arch/$n) | $(mib qemu/$arch/$n) | $(mib zlx/$arch/$n) |"
  done
done
echo
echo "Cost of one getppid system call, (median(getppid_loop $getppid_n) - median(true_static)) / $getppid_n:"
echo
echo "| arch | native ns | qemu ns | zlx ns |"
echo "| --- | ---: | ---: | ---: |"
per_call() {
  local g="${T[$1/getppid_loop]:-}" t="${T[$1/true_static]:-}"
  if [ -n "$g" ] && [ -n "$t" ]; then awk -v g="$g" -v t="$t" -v n="$getppid_n" 'BEGIN{printf "%.0f", (g-t)*1e6/n}'
  elif [[ "$1" == native/aarch64 ]]; then echo "n/a"; else echo "failed"; fi
}
for arch in x86_64 aarch64; do
  echo "| $arch | $(per_call native/$arch) | $(per_call qemu/$arch) | $(per_call zlx/$arch) |"
done
