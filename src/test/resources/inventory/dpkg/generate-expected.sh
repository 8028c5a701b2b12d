#!/bin/sh
# Regenerates <case>/expected.tsv from the real dpkg-query (Debian 12: dpkg 1.21.22) for every case
# whose status file dpkg-query accepts. Columns: Package, Version, Architecture, source:Package,
# source:Version. Rows of packages in state config-files are left out: that is Bulwark's one
# deliberate difference from `dpkg-query -W` (see DpkgStatus). Cases dpkg-query rejects keep a
# hand-written expected.tsv (see README.md).
set -eu
cd "$(dirname "$0")"
for status in */status; do
  case=$(dirname "$status")
  admin=$(mktemp -d)
  mkdir -p "$admin/info" "$admin/updates"
  cp "$status" "$admin/status"
  if out=$(dpkg-query --admindir="$admin" -W \
      -f '${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n' 2>/dev/null); then
    printf '%s\n' "$out" | awk -F'\t' 'NF > 1 && $1 != "config-files" { print $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 }' \
      > "$case/expected.tsv"
    echo "$case: $(wc -l < "$case/expected.tsv") packages"
  else
    echo "$case: rejected by dpkg-query; expected.tsv kept as written by hand"
  fi
  rm -rf "$admin"
done
