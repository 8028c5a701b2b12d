#!/bin/sh
# Regenerates <case>/expected-lists.tsv (package, arch, path) from the real `dpkg-query -L` for the
# file lists in <case>/info/. The states case is read from its own database; debian12-lists holds
# lists copied from a Debian 12 machine and is read from that machine's database, so it must run
# there with those packages installed. dpkg-query prints the root "/." first; it is left out.
set -eu
cd "$(dirname "$0")"
for lists in */info; do
  case=$(dirname "$lists")
  if [ -f "$case/status" ]; then
    admin=$(mktemp -d)
    mkdir -p "$admin/updates"
    cp "$case/status" "$admin/status"
    cp -r "$lists" "$admin/info"
    echo 1 > "$admin/info/format" # multiarch list names (<package>:<arch>.list), as dpkg writes it
  else
    admin=/var/lib/dpkg
  fi
  for list in "$lists"/*.list; do
    file=$(basename "$list" .list)
    pkg=${file%%:*}
    arch=$([ "$file" = "$pkg" ] && echo "" || echo "${file#*:}")
    dpkg-query --admindir="$admin" -L "$file" | awk -v p="$pkg" -v a="$arch" '$0 != "/." { print p "\t" a "\t" $0 }'
  done > "$case/expected-lists.tsv"
  echo "$case: $(wc -l < "$case/expected-lists.tsv") paths"
  [ "$admin" = /var/lib/dpkg ] || rm -rf "$admin"
done
