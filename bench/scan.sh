#!/usr/bin/env bash
# Benchmarks the vulnerability half of Bulwark with the complete AlmaLinux, Go and PyPA feeds of the
# shared fixture set (../shared/fixtures):
#   1. `bulwark db import` of the three feeds into a new database (wall time, median of RUNS)
#   2. matching alone (the hidden MatchBenchmark entry point, one JVM per inventory): the real bookworm
#      image's inventory, and large inventories made from the feeds themselves: every AlmaLinux 9 package,
#      Go module and PyPI project named by an advisory, at its lowest fixed version (so most of its
#      advisories apply). Cold = first match on a freshly opened database; warm = median of RUNS more.
#   3. `bulwark scan` against `bulwark sbom` alone, on the real bookworm image (dev/fixtures/bookworm.sh)
#      as a docker-archive, no layer cache, in the same run: the difference is what the database and
#      matching add.
# Targets (issue 3): the import under 20 s; matching adds under 100 ms to the bookworm scan.
#
# usage: bench/scan.sh [RUNS]        (default 5; needs root for debootstrap on first use)
# env:   BULWARK_FIXTURE_CACHE  where the bookworm fixture lives (default bench/out/fixtures)
#        SHARED_FIXTURES        the shared fixture set (default ../shared/fixtures)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/bench/out"
runs="${1:-5}"
mkdir -p "$out"
source "$root/bench/lib.sh"
fixtures="${BULWARK_FIXTURE_CACHE:-$out/fixtures}"
shared="${SHARED_FIXTURES:-$root/../shared/fixtures}"
feeds=("$shared/vuln-osv-almalinux/advisories" "$shared/vuln-osv-go/data/osv" "$shared/vuln-osv-pypi-pysec/vulns")
for feed in "${feeds[@]}"; do
  [ -d "$feed" ] || { log "missing $feed (set SHARED_FIXTURES)"; exit 2; }
done

# --- inputs ---------------------------------------------------------------------------------------
"$root/bulwark" --version >/dev/null
java="$("$root/bulwark" --print-java-home)/bin/java"
jar="$root/target/bulwark.jar"
bash "$root/dev/fixtures/bookworm.sh" "$fixtures/bookworm"
bookworm="$fixtures/bookworm/bookworm.tar"
db="$out/scan-bench.db"

python3 - "$out" "${feeds[@]}" <<'PY'
# Inventories for the matcher made from the feeds: each package at its lowest fixed version.
import glob, json, os, sys
import yaml
out, alma, go, pypi = sys.argv[1:5]

def lowest(pairs, key):
    best = {}
    for name, version in pairs:
        if name not in best or key(version) < key(best[name]):
            best[name] = version
    return best

def fixes(doc, ecosystem):
    for a in doc.get('affected') or []:
        pkg = a.get('package') or {}
        if pkg.get('ecosystem') == ecosystem:
            for r in a.get('ranges') or []:
                for e in r.get('events') or []:
                    if 'fixed' in e:
                        yield pkg['name'], e['fixed']

def numeric(v):  # a rough order, only to pick an old fix; the matcher uses the real one
    return [int(p) if p.isdigit() else 0 for p in v.replace('-', '.').replace(':', '.').replace('+', '.').split('.')]

pairs = [p for f in glob.glob(os.path.join(alma, 'almalinux9', '*.json'))
         for p in fixes(json.load(open(f)), 'AlmaLinux:9') if 'module' not in p[1]]
with open(os.path.join(out, 'inventory-almalinux9.txt'), 'w') as w:
    for name, version in sorted(lowest(pairs, numeric).items()):
        w.write(f'rpm {name} {version}\n')
pairs = [p for f in glob.glob(os.path.join(go, '*.json')) for p in fixes(json.load(open(f)), 'Go')]
with open(os.path.join(out, 'inventory-go.txt'), 'w') as w:
    for name, version in sorted(lowest(pairs, numeric).items()):
        w.write(f'golang {name} v{version}\n')
pairs = [p for f in glob.glob(os.path.join(pypi, '*', '*.yaml')) for p in fixes(yaml.safe_load(open(f)), 'PyPI')]
with open(os.path.join(out, 'inventory-pypi.txt'), 'w') as w:
    for name, version in sorted(lowest(pairs, numeric).items()):
        w.write(f'pypi {name} {version}\n')
PY

# --- 1. import ------------------------------------------------------------------------------------
printf '%-58s %10s %11s\n' "measurement" "wall" "peak RSS"
read -r s r < <(measure import bash -c "rm -f '$db'; '$root/bulwark' db import --db '$db' ${feeds[*]}")
printf '%-58s %8.2f s %8d MB\n' "db import: AlmaLinux + Go + PyPA (complete feeds)" "$s" "$(( r / 1024 ))"
"$root/bulwark" db info --db "$db" | sed 's/^/    /' >&2

# --- 2. matching alone ----------------------------------------------------------------------------
match() { # label args...
  local label="$1"; shift
  local line
  line="$("$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.bulwark.vuln.match.MatchBenchmark "$db" "$runs" "$@" 2>/dev/null)"
  # packages N findings N cold_ms X cold_pkg_per_s X warm_ms X warm_pkg_per_s X open_ms X
  set -- $line
  printf '%-52s %5s pkgs %6s findings  cold %7s ms (%6s pkg/s)  warm %7s ms (%6s pkg/s)  db open %s ms\n' \
    "$label" "$2" "$4" "$6" "$8" "${10}" "${12}" "${14}"
}
match "match: bookworm image (docker-archive)" image "docker-archive:$bookworm"
match "match: every AlmaLinux 9 package at its lowest fix" packages "$out/inventory-almalinux9.txt" almalinux:9.0
match "match: every Go module at its lowest fix" packages "$out/inventory-go.txt" -
match "match: every PyPI project at its lowest fix" packages "$out/inventory-pypi.txt" -

# --- 3. scan vs sbom ------------------------------------------------------------------------------
read -r s_sbom r_sbom < <(measure sbom "$root/bulwark" sbom --no-cache -f json "docker-archive:$bookworm")
printf '%-58s %8.2f s %8d MB\n' "bookworm: bulwark sbom (no cache)" "$s_sbom" "$(( r_sbom / 1024 ))"
read -r s_scan r_scan < <(measure scan "$root/bulwark" scan --db "$db" --no-cache -f json "docker-archive:$bookworm")
printf '%-58s %8.2f s %8d MB\n' "bookworm: bulwark scan --db (no cache)" "$s_scan" "$(( r_scan / 1024 ))"
awk -v a="$s_scan" -v b="$s_sbom" 'BEGIN {printf "%-58s %8.0f ms\n", "bookworm: scan - sbom (database open + matching + report)", (a - b) * 1000}'
