#!/usr/bin/env bash
# The JMH microbenchmarks of zlx's own paths (bench/src/main/java/dev/zlx/bench), in one command:
#
#   bench/jmh.sh [JMH OPTIONS] [BENCHMARK REGEX...]
#
# Builds what is missing (the bench module and the modules it needs with Maven, without tests
# and without installing anything; the testbins programs the benchmarks run with testbins'
# Makefile), then runs org.openjdk.jmh.Main from the repository root. Short defaults keep a full
# run near 8 minutes on a 2-CPU machine: 1 fork, 3 warm-up iterations and 5 measured ones of
# 2 s each; any JMH option given overrides them (e.g. -f 3 -i 10), and arguments that are not
# options are benchmark regexes (e.g. `bench/jmh.sh PathLookup`). `bench/jmh.sh -h` is JMH's help,
# `bench/jmh.sh -l` lists the benchmarks. JAVA_HOME selects the JDK (25 or newer; by default the
# newest in /usr/lib/jvm); MVN_OPTS adds Maven options (e.g. -o once the dependencies are fetched).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() { echo "jmh.sh: $*" >&2; exit 2; }

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  for d in /usr/lib/jvm/*; do
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)"
    if [ "${v:-0}" -ge 25 ] && [ -x "$d/bin/java" ]; then JAVA_HOME="$d"; fi
  done
fi
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "no JDK 25 or newer (set JAVA_HOME)"
export JAVA_HOME

# Maven when any source or pom is newer than the last build (not the test sources: tests are skipped).
stamp="bench/target/.jmh-built"
if [ ! -f "$stamp" ] || [ ! -d bench/target/lib ] \
    || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "jmh.sh: building the bench module" >&2
  # shellcheck disable=SC2086
  mvn -q -B -Dstyle.color=never ${MVN_OPTS:-} -pl bench -am package -Dmaven.test.skip=true >&2 || die "the build failed"
  touch "$stamp"
fi

# The guest programs, for both architectures the benchmarks run (make rebuilds only what changed).
programs=()
for target in x86_64-glibc aarch64-glibc; do
  for name in true_static getppid_loop futex_pingpong fork_loop cpu_kernel; do
    programs+=("target/bin/$target/$name")
  done
done
make -s --no-print-directory -C testbins "${programs[@]}" >&2 || die "building the testbins programs failed"

# Short defaults for the options not given (JMH refuses an option given twice).
declare -A default=([-f]=1 [-wi]=3 [-w]=2s [-i]=5 [-r]=2s [-foe]=true)
for a in "$@"; do
  case "$a" in
    -h|-l|-lp|-lprof|-lrf) default=() ;;
    *) [ -n "${default[$a]+set}" ] && unset "default[$a]" ;;
  esac
done
defaults=()
for o in "${!default[@]}"; do defaults+=("$o" "${default[$o]}"); done
# The JVM options of the ./zlx launcher; JMH's forks inherit them. JMH 1.37 uses sun.misc.Unsafe,
# which JDK 24+ warns about at every fork unless allowed.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow \
  -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main "${defaults[@]}" "$@"
