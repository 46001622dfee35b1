#!/usr/bin/env bash
# Builds dot4j's Debian package: target/dot4j_VERSION_amd64.deb. It needs no JDK on the target: a jlink'd runtime of
# only the modules dot4j uses (jdeps finds them) goes to /usr/lib/dot4j/runtime. Also installs /usr/bin/dot4, the
# CUPS backend, man pages and bash completion generated from the picocli commands, the systemd unit, a sysusers.d
# entry (user dot4 in group lp), a udev rule for 1284.4 devices and /etc/dot4/dot4.toml (a conffile).
# Needs JDK 25 (jlink, jdeps), Maven on a first build, dpkg-deb. Usage: packaging/build-deb.sh [OUTDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target}"
version=0.1.0
jdk=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
[ -x "$jdk/bin/jlink" ] || { echo "build-deb: needs a JDK 25 with jlink under /usr/lib/jvm" >&2; exit 1; }
jar="$root/dot4j-cli/target/dot4.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -DskipITs package)
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/dot4j-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg="$stage/dot4j"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/lib/dot4j" "$pkg/usr/lib/cups/backend" "$pkg/usr/share/man/man1" \
  "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/doc/dot4j" "$pkg/lib/systemd/system" \
  "$pkg/usr/lib/sysusers.d" "$pkg/lib/udev/rules.d" "$pkg/etc/dot4"

modules=$("$jdk/bin/jdeps" --multi-release 25 --print-module-deps --ignore-missing-deps "$jar")
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$pkg/usr/lib/dot4j/runtime"
install -m 0644 "$jar" "$pkg/usr/lib/dot4j/dot4.jar"
install -m 0755 "$root/packaging/dot4.sh" "$pkg/usr/bin/dot4"
install -m 0755 "$root/packaging/aot-train.sh" "$pkg/usr/lib/dot4j/aot-train"
install -m 0644 "$root/packaging/aot-name.sh" "$pkg/usr/lib/dot4j/aot-name"
# Mode 0744: CUPS runs a backend others may not execute as root (it reaches the control socket and USB devices).
install -m 0744 "$root/packaging/cups/dot4" "$pkg/usr/lib/cups/backend/dot4"

"$pkg/usr/lib/dot4j/runtime/bin/java" -cp "$jar" org.dot4j.cli.DocsGenerator "$stage/docs" "$version"
for page in "$stage"/docs/man1/*.1; do gzip -9n < "$page" > "$pkg/usr/share/man/man1/$(basename "$page").gz"; done
install -m 0644 "$stage/docs/bash-completion/dot4" "$pkg/usr/share/bash-completion/completions/dot4"

install -m 0644 "$root/packaging/systemd/dot4.service" "$pkg/lib/systemd/system/dot4.service"
install -m 0644 "$root/packaging/sysusers/dot4.conf" "$pkg/usr/lib/sysusers.d/dot4.conf"
install -m 0644 "$root/packaging/udev/60-dot4.rules" "$pkg/lib/udev/rules.d/60-dot4.rules"
install -m 0644 "$root/packaging/dot4.toml" "$pkg/etc/dot4/dot4.toml"
install -m 0644 "$root/LICENSE" "$pkg/usr/share/doc/dot4j/copyright"
install -m 0644 "$root/README.md" "$root/docs/"*.md "$pkg/usr/share/doc/dot4j/"
for script in postinst prerm postrm; do install -m 0755 "$root/packaging/debian/$script" "$pkg/DEBIAN/$script"; done
echo /etc/dot4/dot4.toml > "$pkg/DEBIAN/conffiles"
size=$(du -sk "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$root/packaging/debian/control" > "$pkg/DEBIAN/control"

mkdir -p "$out"
dpkg-deb --root-owner-group --build "$pkg" "$out/dot4j_${version}_amd64.deb" >/dev/null
echo "$out/dot4j_${version}_amd64.deb"
