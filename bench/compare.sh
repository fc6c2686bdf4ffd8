#!/usr/bin/env bash
# Whole-process comparison of zlx against native execution and QEMU user mode.
#
#   bench/compare.sh [--runs N] [--cpu-n N] [--no-zlx] [--no-procs | --procs-only] [--no-fs | --fs-only]
#
# Runs the static benchmark programs of testbins — true_static (start-up), getppid_loop
# 1000000 (syscall cost) and cpu_loop N (integer work; N calibrated to ~0.5 s natively), and
# the process rows forkexec_loop (fork + execve of true_static + waitpid), thread_loop
# (pthread_create + pthread_join), futex_pingpong (a token handed between two threads through
# a futex), pipe_pingpong (a byte passed between a parent and its child through two pipes)
# and signal_loop (raise(SIGUSR1) into a handler); --no-procs skips the process rows,
# --procs-only runs true_static and the process rows only —
#   x86-64 (testbins/target/bin/x86_64-glibc): natively, under qemu-x86_64, under zlx;
#   aarch64 (testbins/target/bin/aarch64-glibc): under qemu-aarch64, under zlx;
# each with hyperfine (1 warm-up, --runs N, default 5) for the median wall time, and once
# under /usr/bin/time for the peak RSS (the check run). Prints a Markdown table for
# docs/PERFORMANCE.md, the derived cost of one getppid, (median(getppid_loop) -
# median(true_static)) / count, and likewise the cost of one operation of each process row in µs.
# qemu-aarch64 cannot follow an execve of an aarch64 binary without binfmt_misc, so its
# forkexec_loop cell is n/a; qemu-x86_64 execs the host binary natively (no emulation after exec).
# The counts of the process rows come from FORK_N, THREAD_N, FUTEX_N, PIPE_N and SIGNAL_N.
# The file system rows (--no-fs skips them, --fs-only runs true_static and them only) run
# testbins' fsbench in a host directory (hostfs under zlx) and in /dev/shm (tmpfs everywhere):
# open+read+close of a small file, stat 5 levels deep, small-file create/write/read/unlink, a
# 256 MiB sequential write and read, 10,000 directory entries created, listed 20 times and
# removed, and an eventfd/epoll_wait round trip between two threads; they report per operation.
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
fork_n="${FORK_N:-100}"        # native ~0.06 s; zlx ~25 ms per fork+exec (eager copy, new engine)
thread_n="${THREAD_N:-3000}"   # native ~0.1 s; zlx ~0.7-1.3 ms per thread
futex_n="${FUTEX_N:-10000}"    # native ~0.3 s (cross-core wake-ups dominate)
pipe_n="${PIPE_N:-10000}"      # native ~0.2 s (cross-core wake-ups dominate)
signal_n="${SIGNAL_N:-100000}" # native ~0.1 s
basic=1 procs=1 fs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --cpu-n) cpu_n="$2"; shift 2 ;;
    --no-zlx) use_zlx=0; shift ;;
    --no-procs) procs=0; shift ;;
    --procs-only) basic=0; fs=0; shift ;;
    --no-fs) fs=0; shift ;;
    --fs-only) basic=0; procs=0; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

log() { echo "compare.sh: $*" >&2; }
# The tools it needs, installed with apt-get when run as root (as ./zlx does), else named.
packages="hyperfine qemu-user jq coreutils time"
if ! command -v hyperfine >/dev/null || ! command -v qemu-x86_64 >/dev/null || ! command -v jq >/dev/null \
    || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing $packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >/dev/null; }
  fi
fi
for tool in hyperfine qemu-x86_64 qemu-aarch64 jq timeout; do
  command -v "$tool" >/dev/null || { log "missing $tool (run: sudo apt-get install $packages)"; exit 1; }
done
[ -x /usr/bin/time ] || { log "missing /usr/bin/time (run: sudo apt-get install time)"; exit 1; }

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
if [ "$basic" = 1 ] && [ -z "$cpu_n" ]; then
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

# measure RUNNER ARCH NAME ARGS… : sets median_ms and rss_kb, or returns 1.
# An argument @BIN@/X names testbins' program X of the architecture being measured.
measure() {
  local runner="$1" arch="$2" name="$3"; shift 3
  local dir; [ "$arch" = x86_64 ] && dir="$bin_x86" || dir="$bin_a64"
  local args=("${@//@BIN@/$dir}") xargs=("${@//@BIN@/$bin_x86}")
  args=("${args[@]//@HOST@/$work/fs}"); xargs=("${xargs[@]//@HOST@/$work/fs}")
  local cmd; mapfile -t cmd < <(runner_cmd "$runner" "$arch" "$dir/$name" "${args[@]}") || return 1
  [ ${#cmd[@]} -gt 0 ] || return 1
  local expected; expected="$("$bin_x86/$name" "${xargs[@]}" 2>/dev/null)"
  local out status
  # The check run also gives the peak RSS (GNU time passes the exit status through).
  out="$(/usr/bin/time -f %M -o "$work/rss" "${cmd[@]}" 2>"$work/err")"; status=$?
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
  rss_kb="$(tail -1 "$work/rss")"
  return 0
}

declare -A T R   # T[runner/arch/name]=median ms, R[…]=peak RSS KiB; absent = failed
declare -A NA    # runner/arch/name that cannot run on this host: reported as n/a
NA[qemu/aarch64/forkexec_loop]=1   # qemu-aarch64 cannot execve an aarch64 binary (no binfmt_misc)
progs=("true_static")
[ "$basic" = 1 ] && progs+=("getppid_loop $getppid_n" "cpu_loop $cpu_n")
# name, count, operation: the process rows and what one of their operations is
procs_spec=("forkexec_loop|$fork_n|fork + execve(true_static) + waitpid"
            "thread_loop|$thread_n|pthread_create + pthread_join"
            "futex_pingpong|$futex_n|futex round trip (two hand-overs)"
            "pipe_pingpong|$pipe_n|pipe round trip between two processes"
            "signal_loop|$signal_n|raise(SIGUSR1) + handler + sigreturn")
if [ "$procs" = 1 ]; then
  progs+=("forkexec_loop $fork_n @BIN@/true_static" "thread_loop $thread_n"
          "futex_pingpong $futex_n" "pipe_pingpong $pipe_n" "signal_loop $signal_n")
fi
for arch in x86_64 aarch64; do
  runners=(native qemu zlx); [ "$arch" = aarch64 ] && runners=(qemu zlx)
  for p in "${progs[@]}"; do
    read -r -a pa <<<"$p"
    for r in "${runners[@]}"; do
      [ -n "${NA[$r/$arch/${pa[0]}]:-}" ] && continue
      log "$arch $r ${pa[*]}"
      if measure "$r" "$arch" "${pa[@]}"; then
        T[$r/$arch/${pa[0]}]="$median_ms"; R[$r/$arch/${pa[0]}]="$rss_kb"
      fi
    done
  done
done

# name|N|directory|operation: the file system rows (fsbench MODE N DIR)
fs_spec=("open|20000|@HOST@|open + read 4 KiB + close, host directory"
         "open|20000|/dev/shm/zlx-fsbench|open + read 4 KiB + close, tmpfs"
         "stat|20000|@HOST@|stat of a path 5 levels deep, host directory"
         "smallfile|5000|@HOST@|create + write 4 KiB + read + unlink, host directory"
         "smallfile|5000|/dev/shm/zlx-fsbench|create + write 4 KiB + read + unlink, tmpfs"
         "seqio|256|@HOST@|1 MiB of a 256 MiB sequential write + read, host directory"
         "seqio|256|/dev/shm/zlx-fsbench|1 MiB of a 256 MiB sequential write + read, tmpfs"
         "readdir|10000|@HOST@|one entry: create, 20 listings, unlink (10,000), host directory"
         "epoll|20000|-|eventfd + epoll_wait round trip between two threads")
if [ "$fs" = 1 ]; then
  mkdir -p "$work/fs"
  for arch in x86_64 aarch64; do
    runners=(native qemu zlx); [ "$arch" = aarch64 ] && runners=(qemu zlx)
    for spec in "${fs_spec[@]}"; do
      IFS='|' read -r mode n where op <<<"$spec"
      fargs=("$mode" "$n"); [ "$where" != - ] && fargs+=("$where")
      for r in "${runners[@]}"; do
        log "$arch $r fsbench ${fargs[*]}"
        if measure "$r" "$arch" fsbench "${fargs[@]}"; then
          T[$r/$arch/fs:$mode:$where]="$median_ms"; R[$r/$arch/fs:$mode:$where]="$rss_kb"
        fi
      done
    done
  done
fi

# --- report ----------------------------------------------------------------------------
na() { [[ "$1" == native/aarch64* ]] || [ -n "${NA[$1]:-}" ]; }
ms() { [ -n "${T[$1]:-}" ] && printf '%.1f' "${T[$1]}" || { na "$1" && echo "n/a" || echo "failed"; }; }
mib() { [ -n "${R[$1]:-}" ] && awk -v k="${R[$1]}" 'BEGIN{printf "%.1f", k/1024}' || echo "–"; }
ratio() { [ -n "${T[$1]:-}" ] && [ -n "${T[$2]:-}" ] && awk -v a="${T[$1]}" -v b="${T[$2]}" 'BEGIN{printf "%.1f×", a/b}' || echo "–"; }

echo "Benchmarks: median wall time of $runs runs (hyperfine, 1 warm-up); peak RSS of one run."
echo "Host: $(uname -m), $(nproc) CPUs, $(qemu-x86_64 --version | head -1 | sed 's/ version / /'), $(date -u +%Y-%m-%d)."
echo
echo "| arch | program | native ms | qemu ms | zlx ms | zlx/qemu | zlx/native | RSS native MiB | RSS qemu MiB | RSS zlx MiB |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for arch in x86_64 aarch64; do
  for p in "${progs[@]}"; do
    n="${p%% *}"; p="${p//@BIN@\//}"
    echo "| $arch | \`$p\` | $(ms native/$arch/$n) | $(ms qemu/$arch/$n) | $(ms zlx/$arch/$n) |" \
         "$(ratio zlx/$arch/$n qemu/$arch/$n) | $(ratio zlx/$arch/$n native/$arch/$n) |" \
         "$(mib native/$arch/$n) | $(mib qemu/$arch/$n) | $(mib zlx/$arch/$n) |"
  done
done
if [ "$basic" = 1 ]; then
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
fi

per_op() { # RUNNER/ARCH NAME N
  local m="${T[$1/$2]:-}" t="${T[$1/true_static]:-}"
  if [ -n "$m" ] && [ -n "$t" ]; then awk -v m="$m" -v t="$t" -v n="$3" 'BEGIN{printf "%.1f", (m-t)*1000/n}'
  elif na "$1/$2"; then echo "n/a"; else echo "failed"; fi
}
op_ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0 && a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.1f×", a/b; else printf "–" }'; }
if [ "$fs" = 1 ]; then
  echo
  echo "File systems: cost of one operation in µs, (median(fsbench MODE N DIR) - median(true_static)) / N:"
  echo
  echo "| arch | operation | N | native µs | qemu µs | zlx µs | zlx/qemu | zlx/native |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for arch in x86_64 aarch64; do
    for spec in "${fs_spec[@]}"; do
      IFS='|' read -r mode n where op <<<"$spec"
      key="fs:$mode:$where"
      nat="$(per_op native/$arch "$key" "$n")" qem="$(per_op qemu/$arch "$key" "$n")" z="$(per_op zlx/$arch "$key" "$n")"
      echo "| $arch | $op | $n | $nat | $qem | $z | $(op_ratio "$z" "$qem") | $(op_ratio "$z" "$nat") |"
    done
  done
fi

[ "$procs" = 1 ] || exit 0
echo
echo "Cost of one operation in µs, (median(PROGRAM N) - median(true_static)) / N:"
echo
echo "| arch | operation | N | native µs | qemu µs | zlx µs | zlx/qemu | zlx/native |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for arch in x86_64 aarch64; do
  for spec in "${procs_spec[@]}"; do
    IFS='|' read -r name n op <<<"$spec"
    nat="$(per_op native/$arch "$name" "$n")" qem="$(per_op qemu/$arch "$name" "$n")" z="$(per_op zlx/$arch "$name" "$n")"
    echo "| $arch | $op | $n | $nat | $qem | $z | $(op_ratio "$z" "$qem") | $(op_ratio "$z" "$nat") |"
  done
done
echo
echo "qemu-x86_64 does not follow execve: the exec'd true_static runs natively, so its forkexec"
echo "cost is an emulated fork plus a native exec. qemu-aarch64 cannot exec an aarch64 binary here."
