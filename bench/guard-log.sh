#!/usr/bin/env bash
# Benchmarks AuditLog.append (the guard's audit log, docs/audit-log.md): latency (p50, p99, p99.9,
# max) and throughput, with fsync before every append returns (group commit) and with write-only
# appends (synced every second); at a fixed rate (open loop, default 1,000 appends/s for 10 s after a
# 2 s warm-up, next to two floors: the harness alone and one write+fdatasync per line) and at the
# maximum rate with 1, 8 and 32 threads. Every run's log is verified afterwards (all appends present,
# gapless, in order) and the verification rate printed.
#
# usage: bench/guard-log.sh [RATE] [SECONDS] [THREADS...]
# env:   BENCH_DIR  where the logs are written (default bench/out/guard-log; the disk under test)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="${BENCH_DIR:-$root/bench/out/guard-log}"
java_home="$("$root/bulwark" --print-java-home)"
cd "$root"
rm -rf "$dir"; mkdir -p "$dir"
JAVA_HOME="$java_home" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -q -o -B -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile="$dir/classpath" >/dev/null
echo "$(nproc) cores, $(df -T "$dir" | awk 'NR==2 {print $2" on "$1}'), $("$java_home/bin/java" -version 2>&1 | head -1)"
"$java_home/bin/java" -cp "target/test-classes:target/classes:$(cat "$dir/classpath")" \
  dev.bulwark.enforce.log.AuditLogBench "$dir" "${1:-1000}" "${2:-10}" "${@:3}"
