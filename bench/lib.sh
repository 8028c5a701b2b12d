# Helpers shared by the bench/ scripts; source it after setting:
#   out   a directory for scratch files (bench/out)
#   runs  how many times measure runs a command
# shellcheck shell=bash

log() { printf '%s\n' "$*" >&2; }

# measure NAME COMMAND...: runs it $runs times, prints "median_seconds max_rss_kb"
measure() {
  local name="$1"; shift
  local times=() rss=0 record
  record="$(mktemp)"
  for _ in $(seq "$runs"); do
    local line
    if ! /usr/bin/time -o "$record" -f '%e %M' "$@" >/dev/null 2>"$out/last-error.log"; then
      log "$name failed: $(tail -3 "$out/last-error.log")"
    fi
    line="$(tail -1 "$record")"
    times+=("${line% *}")
    local r="${line#* }"; [ "$r" -gt "$rss" ] && rss="$r"
  done
  rm -f "$record"
  echo "$(median "${times[@]}") $rss"
}

# median NUMBER...: the middle value (the lower middle for an even count)
median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
