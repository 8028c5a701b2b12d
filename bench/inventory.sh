#!/usr/bin/env bash
# Benchmarks `bulwark sbom` (cold, no cache; and warm) on
#   1. the real Debian bookworm image (dev/fixtures/bookworm.sh) as docker-archive and as OCI (gzip),
#   2. a large single-layer image (>= 1.5 GB uncompressed) packed from this machine's /usr,
# against the physical floor measured in the same run (decompression plus tar walk of the same
# layer) and, when they install, peers that run offline on a docker-archive: snyk-docker-plugin and
# @cyclonedx/cdxgen (npm). Prints wall time (median of N runs), ratio to the floor and peak RSS.
#
# usage: bench/inventory.sh [RUNS]        (default 5; needs root for debootstrap on first use)
# env:   BULWARK_FIXTURE_CACHE  where the bookworm fixture lives (default bench/out/fixtures)
#        LARGE_PATHS            what the large image packs (default below)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/bench/out"
runs="${1:-5}"
mkdir -p "$out"
fixtures="${BULWARK_FIXTURE_CACHE:-$out/fixtures}"
large_paths="${LARGE_PATHS:-usr/bin usr/sbin usr/share usr/lib/x86_64-linux-gnu usr/lib/jvm var/lib/dpkg}"

source "$root/bench/lib.sh"

# --- inputs ---------------------------------------------------------------------------------------
"$root/bulwark" --version >/dev/null
bash "$root/dev/fixtures/bookworm.sh" "$fixtures/bookworm"
bookworm="$fixtures/bookworm"

large="$out/large"
if [ ! -f "$large/.complete" ]; then
  log "packing the large image from /usr (once)…"
  rm -rf "$large"; mkdir -p "$large"
  gz="gzip -6"; command -v pigz >/dev/null && gz="pigz -6"
  # shellcheck disable=SC2086
  python3 "$root/bench/make-large-image.py" "$large/oci" "$gz" $large_paths >"$large/uncompressed-bytes"
  skopeo copy -q "oci:$large/oci:large" "docker-archive:$large/large.tar:large:latest"
  touch "$large/.complete"
fi

layer_blob() { # the largest blob of an OCI layout: its single layer
  ls -S "$1/blobs/sha256/" | head -1 | sed "s|^|$1/blobs/sha256/|"
}
archive_layer() { # the layer member of a docker-archive
  tar -tf "$1" | grep -E '(\.tar|/layer\.tar)$' | head -1
}

# --- measurement (measure, median: bench/lib.sh) ---------------------------------------------------
row() { # image tool seconds rss floor
  local ratio="-"
  [ -n "${5:-}" ] && ratio="$(awk -v a="$3" -v b="$5" 'BEGIN {printf "%.2fx", a/b}')"
  printf '%-34s %-28s %8.2f s %9s %8d MB\n' "$1" "$2" "$3" "$ratio" "$(( $4 / 1024 ))"
}

# --- peers ----------------------------------------------------------------------------------------
peers="$out/peers"
if [ ! -d "$peers/node_modules/snyk-docker-plugin" ] || [ ! -d "$peers/node_modules/@cyclonedx/cdxgen" ]; then
  log "installing peers from the npm registry (once)…"
  mkdir -p "$peers"
  cat >"$peers/package.json" <<'JSON'
{ "private": true,
  "dependencies": { "snyk-docker-plugin": "9.20.2", "@cyclonedx/cdxgen": "*" },
  "overrides": { "shescape": "2.1.12" } }
JSON
  (cd "$peers" && npm install --no-audit --no-fund --loglevel=error >"$peers/npm.log" 2>&1) \
    || log "peers did not install (see $peers/npm.log); measuring without them"
fi
snyk() {
  node -e "require('$peers/node_modules/snyk-docker-plugin').scan({path: 'docker-archive:' + process.argv[1]})
    .then(r => process.stdout.write(JSON.stringify(r).length + '\n'))
    .catch(e => { console.error(e); process.exit(1); })" "$1"
}
cdxgen() {
  "$peers/node_modules/.bin/cdxgen" -t docker --no-recurse -o "$out/cdxgen.json" "$1"
}
export -f snyk cdxgen; export peers out

printf '%-34s %-28s %10s %9s %11s\n' "image" "tool" "wall" "vs floor" "peak RSS"
bench_image() { # label docker-archive oci-layout:tag
  local label="$1" archive="$2" oci="$3"
  local member; member="$(archive_layer "$archive")"
  read -r f_da f_da_rss < <(measure floor bash -c "tar -xOf '$archive' '$member' | tar -tf - >/dev/null")
  row "$label docker-archive" "floor: tar walk" "$f_da" "$f_da_rss"
  read -r s r < <(measure bulwark "$root/bulwark" sbom --no-cache -f json "docker-archive:$archive")
  row "" "bulwark sbom (cold)" "$s" "$r" "$f_da"
  local cache; cache="$(mktemp -d)"
  "$root/bulwark" sbom --cache-dir "$cache" -f json "docker-archive:$archive" >/dev/null
  read -r s r < <(measure bulwark "$root/bulwark" sbom --cache-dir "$cache" -f json "docker-archive:$archive")
  row "" "bulwark sbom (warm cache)" "$s" "$r" "$f_da"
  rm -rf "$cache"
  if [ -d "$peers/node_modules/snyk-docker-plugin" ]; then
    read -r s r < <(measure snyk bash -c "snyk '$archive'")
    row "" "snyk-docker-plugin 9.20.2" "$s" "$r" "$f_da"
  fi
  if [ -x "$peers/node_modules/.bin/cdxgen" ]; then
    read -r s r < <(measure cdxgen bash -c "cdxgen '$archive'")
    row "" "cdxgen" "$s" "$r" "$f_da"
  fi
  local blob; blob="$(layer_blob "${oci%:*}")"
  read -r f_oci f_oci_rss < <(measure floor bash -c "gzip -dc '$blob' | tar -tf - >/dev/null")
  row "$label oci (gzip)" "floor: gzip -dc | tar walk" "$f_oci" "$f_oci_rss"
  read -r s r < <(measure bulwark "$root/bulwark" sbom --no-cache -f json "oci:$oci")
  row "" "bulwark sbom (cold)" "$s" "$r" "$f_oci"
}

bench_image "bookworm" "$bookworm/bookworm.tar" "$bookworm/oci:bookworm"
bench_image "large $(( $(cat "$large/uncompressed-bytes") / 1048576 )) MB" "$large/large.tar" "$large/oci:large"
