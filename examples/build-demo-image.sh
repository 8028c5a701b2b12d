#!/usr/bin/env bash
# Builds examples/demo-image.tar, the small image the README scans, from real published artifacts
# only, laid out like a distroless image:
#   layer 1  Debian 12 packages unpacked with dpkg-deb, recorded in /var/lib/dpkg/status.d
#            (control and md5sums files, as distroless does); python3-urllib3 brings a dist-info
#            directory that dpkg owns
#   layer 2  a Java application's jars, fetched from Maven Central by `mvn dependency:copy`
#   layer 3  a node_modules tree installed by `npm install`
# Old library versions are chosen on purpose: the image is a target for `bulwark scan`.
# Needs the Debian archive, Maven Central and the npm registry; its output is committed, so the
# README's commands work offline. Third-party contents are credited in NOTICE.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="${1:-$here/demo-image.tar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

debs=(base-files zlib1g libexpat1 libzstd1 python3-urllib3)
jars=(com.fasterxml.jackson.core:jackson-databind:2.9.10.8 org.apache.commons:commons-text:1.9
      org.yaml:snakeyaml:1.33)
npm_packages=(lodash@4.17.15 minimist@1.2.5)

# layer 1: Debian packages, distroless style
mkdir -p "$work/debs" "$work/base/var/lib/dpkg/status.d"
(cd "$work/debs" && apt-get download "${debs[@]}" >/dev/null 2>&1)
for deb in "$work"/debs/*.deb; do
  name="$(dpkg-deb -f "$deb" Package)"
  dpkg-deb -x "$deb" "$work/base"
  dpkg-deb -f "$deb" >"$work/base/var/lib/dpkg/status.d/$name"
  mkdir -p "$work/control/$name"
  dpkg-deb -e "$deb" "$work/control/$name"
  if [ -f "$work/control/$name/md5sums" ]; then
    cp "$work/control/$name/md5sums" "$work/base/var/lib/dpkg/status.d/$name.md5sums"
  fi
done

# layer 2: the application's jars
mkdir -p "$work/app/app/lib"
for artifact in "${jars[@]}"; do
  mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$work/app/app/lib" 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' >&2
done

# layer 3: a node_modules tree
mkdir -p "$work/web/app/web"
(cd "$work/web/app/web" && echo '{"name":"demo-web","version":"1.0.0","private":true}' >package.json \
  && npm install --no-audit --no-fund --loglevel=error "${npm_packages[@]}" >/dev/null)

umoci init --layout "$work/oci"
umoci new --image "$work/oci:demo"
umoci insert --image "$work/oci:demo" --history.created_by "debian packages: ${debs[*]}" "$work/base" /
umoci insert --image "$work/oci:demo" --history.created_by "jars: ${jars[*]}" "$work/app" /
umoci insert --image "$work/oci:demo" --history.created_by "npm install ${npm_packages[*]}" "$work/web" /
umoci config --image "$work/oci:demo" --config.user 65532 --config.workingdir /app \
  --config.entrypoint /usr/bin/java --config.cmd -cp --config.cmd '/app/lib/*'
rm -f "$out"
skopeo copy -q "oci:$work/oci:demo" "oci-archive:$out:demo"
echo "wrote $out ($(du -h "$out" | cut -f1))" >&2
