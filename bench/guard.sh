#!/usr/bin/env bash
# Benchmarks the guard's two transports, served by `bulwark guard` itself (the launcher's JVM and
# options), under load from a separate process:
#   1. AuthZReq calls to the Docker authorization plugin on its unix socket,
#   2. AdmissionReviews to the Kubernetes webhook over HTTPS on loopback,
# each at a fixed rate (open loop: latency counts from when a request was due) for a fixed time,
# with every decision appended to the hash-chained audit log before its answer, once with each
# --audit-durability (fsync: synced to disk first, the default; write: handed to the kernel first);
# then the same decisions in-process.
# Prints p50, p99, p99.9, max latency, throughput, errors, and audit-log lines against requests.
#
# usage: bench/guard.sh [RATE] [SECONDS] [CONNECTIONS]     (default 1000 30 8)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rate="${1:-1000}"
seconds="${2:-30}"
connections="${3:-8}"
out="$root/bench/out/guard"
mkdir -p "$out"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-$("$root/bulwark" --print-java-home)}"
java="$JAVA_HOME/bin/java"

log() { printf '%s\n' "$*" >&2; }

log "compiling…"
mvn -q -o -B -Dstyle.color=never test-compile >/dev/null
mvn -q -o -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$out/classpath" >/dev/null
cp="$root/target/classes:$root/target/test-classes:$(cat "$out/classpath")"
tls="$root/src/test/resources/enforce/kubernetes/tls"
jvm=(-Xms256m -Xmx1g -XX:+UseParallelGC)

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

# start_server ARGS...: starts `bulwark guard ARGS` (the launcher execs the JVM it configures, so the
# pid is the server's) and waits for the banner it prints once it listens
start_server() {
  : >"$out/server.log"
  "$root/bulwark" guard "$@" >"$out/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "^bulwark guard:" "$out/server.log" 2>/dev/null && return 0
    sleep 0.1
  done
  log "server did not start:"; cat "$out/server.log" >&2; exit 1
}

# run LABEL AUDIT LOAD-ARGS...: the load process warms up for 10 s, then measures; then the server stops
# and `bulwark log verify` checks the hash chain (nothing edited, lost or reordered) and counts the entries
run() {
  local label="$1" audit="$2"; shift 2
  "$java" "${jvm[@]}" -cp "$cp" dev.bulwark.enforce.docker.GuardLoad "$@" "$rate" "$seconds" "$connections"
  stop_server
  local files; files=("$audit".[0-9]*); [ -e "${files[0]}" ] || files=()   # rotated files, oldest first
  local verified
  verified="$("$root/bulwark" log verify --public-key "$out/keys/audit-signing.pub.pem" "${files[@]}" "$audit")" \
    || { log "$label: audit log does not verify"; exit 1; }
  local entries; entries="$(sed -n 's/^entries: *\([0-9,]*\).*/\1/p' <<<"$verified" | tr -d ,)"
  printf '%s: audit log verifies (hash chain, signatures, %d file(s)): %d entries for %d requests (warm-up included)\n' \
    "$label" "$((${#files[@]} + 1))" "$entries" "$((rate * (seconds + 10)))"
}

socket="$out/guard.sock"
port=18443
rm -rf "$out"/*audit.log* "$out/keys"
for durability in fsync write; do
  printf '# --audit-durability %s\n' "$durability"
  audit_log="$out/docker-$durability-audit.log"
  start_server docker --socket "$socket" --plugin-spec-dir "$out/plugins" --audit-log "$audit_log" \
    --audit-durability "$durability"
  run docker "$audit_log" load-docker "$socket"

  audit_log="$out/kubernetes-$durability-audit.log"
  start_server kubernetes --listen "127.0.0.1:$port" --tls-cert "$tls/server-ec.pem" --tls-key "$tls/server-ec.key" \
    --audit-log "$audit_log" --audit-durability "$durability"
  run kubernetes "$audit_log" load-kubernetes "$port" "$tls/ca.pem"
done

"$java" "${jvm[@]}" -cp "$cp" dev.bulwark.enforce.docker.GuardLoad in-process 10
