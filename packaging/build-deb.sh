#!/bin/bash
# Builds build/taskmaster_<version>_all.deb from the sources (see issue 6):
#   bin/ and the bundles of the CLI, the daemon and the TUI under /usr/lib/taskmaster,
#   blessed beside them (unbundled: it loads its widgets and terminfo files at run time),
#   shell wrappers in /usr/bin, gzipped man pages, the systemd socket and service,
#   /etc/taskmaster/units.d with a conffile example, and the DEBIAN control files.
# Needs node, the project's node_modules (npm ci), dpkg-deb, gzip. Runs lintian when present.
#
# Environment:
#   DEB_OUT_DIR        where the .deb goes (default: build/)
#   DEB_STAGE_DIR      the staging tree, emptied first (default: build/deb/)
#   DEB_REVISION       Debian revision appended to package.json's version (default: 1)
#   DEBFULLNAME, DEBEMAIL   the Maintainer field
#   DEB_SKIP_LINTIAN=1 do not run lintian
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
pkg=packaging

upstream=$(node -p "require('./package.json').version")
version="$upstream-${DEB_REVISION:-1}"
homepage=$(node -p "require('./package.json').homepage || ''")
maintainer="${DEBFULLNAME:-Taskmaster Developers} <${DEBEMAIL:-taskmaster@lists.taskmaster.invalid}>"
out_dir=${DEB_OUT_DIR:-$repo/build}
stage_top=${DEB_STAGE_DIR:-$repo/build/deb}
root=$stage_top/root
deb=$out_dir/taskmaster_${version}_all.deb

say() { printf 'build-deb: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

for tool in node dpkg-deb gzip; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
[ -x node_modules/.bin/esbuild ] || die "esbuild is missing: run npm ci first"
[ -f node_modules/blessed/package.json ] || die "node_modules/blessed is missing: run npm ci first"

# The changelog's latest entry must be the version we build.
changelog_version=$(sed -n '1s/^taskmaster (\([^)]*\)).*/\1/p' $pkg/debian/changelog)
[ "$changelog_version" = "$version" ] ||
  die "packaging/debian/changelog starts at $changelog_version, but package.json says $version: add an entry"

say "staging taskmaster $version in $root"
rm -rf "$stage_top"
mkdir -p "$root" "$out_dir"
umask 022

# ---------------------------------------------------------------------------
# 1. The application: bin/ and the bundles it runs (dist/bundle/*.cjs), in a
#    checkout's layout. The bundles are made afresh from the sources by the
#    script npm run build uses, so the package never ships a stale build.
# ---------------------------------------------------------------------------
say "bundling with scripts/bundle.mjs"
node scripts/bundle.mjs
lib=$root/usr/lib/taskmaster
mkdir -p "$lib/bin" "$lib/dist/bundle"
install -m 0644 bin/build.js bin/package.json "$lib/bin/"
for bin in taskmaster taskmasterd; do
  sed '1s|^#!.*|#!/usr/bin/node|' "bin/$bin.js" > "$lib/bin/$bin.js"
  chmod 0755 "$lib/bin/$bin.js"
done
install -m 0644 dist/bundle/*.cjs "$lib/dist/bundle/"

# This gives --version its number.
cat > "$lib/package.json" <<EOF
{
  "name": "taskmaster",
  "version": "$upstream",
  "private": true
}
EOF

# blessed, as its npm package (its runtime files only).
blessed_dir=$lib/node_modules/blessed
mkdir -p "$blessed_dir"
cp -r node_modules/blessed/{package.json,lib,usr,vendor} "$blessed_dir/"
# The font README is build instructions; its licence is in our copyright file.
rm -f "$blessed_dir/usr/fonts/README" "$blessed_dir/usr/fonts/LICENSE"
find "$blessed_dir" -type d -exec chmod 0755 {} +
find "$blessed_dir" -type f -exec chmod 0644 {} +

mkdir -p "$root/usr/bin"
for bin in taskmaster taskmasterd; do
  # The daemon runs in V8's lite mode with a young generation that does not grow: far less memory
  # and cheaper forks, and it spends its life waiting anyway (see bin/taskmasterd.js for the
  # figures; it sets them too, but later than node's command line does).
  # TASKMASTER_DIST is a checkout's way to run another build; the package runs its own.
  node_flags=; [ "$bin" = taskmasterd ] && node_flags=' --lite-mode --semi-space-growth-factor=1'
  cat > "$root/usr/bin/$bin" <<EOF
#!/bin/sh
unset TASKMASTER_DIST
exec /usr/bin/node$node_flags /usr/lib/taskmaster/bin/$bin.js "\$@"
EOF
  chmod 0755 "$root/usr/bin/$bin"
done

# ---------------------------------------------------------------------------
# 2. Manual pages, with the version in their footer.
# ---------------------------------------------------------------------------
for page in man/taskmaster.1 man/taskmaster.unit.5 man/taskmasterd.8; do
  section=${page##*.}
  dir=$root/usr/share/man/man$section
  mkdir -p "$dir"
  sed "1,/^\.TH/s/^\(\.TH .*\) \"Taskmaster\" /\1 \"Taskmaster $upstream\" /" "$page" | gzip -9n > "$dir/$(basename "$page").gz"
done

# ---------------------------------------------------------------------------
# 3. systemd units, configuration, documentation.
# ---------------------------------------------------------------------------
mkdir -p "$root/lib/systemd/system"
install -m 0644 $pkg/systemd/taskmaster.socket $pkg/systemd/taskmaster.service "$root/lib/systemd/system/"

mkdir -p "$root/etc/taskmaster/units.d"
install -m 0644 $pkg/units.d/example.toml "$root/etc/taskmaster/units.d/"

doc=$root/usr/share/doc/taskmaster
mkdir -p "$doc"
install -m 0644 $pkg/debian/copyright "$doc/copyright"
gzip -9n < $pkg/debian/changelog > "$doc/changelog.Debian.gz"

if [ -s $pkg/debian/lintian-overrides ]; then
  mkdir -p "$root/usr/share/lintian/overrides"
  install -m 0644 $pkg/debian/lintian-overrides "$root/usr/share/lintian/overrides/taskmaster"
fi

# ---------------------------------------------------------------------------
# 4. DEBIAN/: control, conffiles, maintainer scripts, md5sums.
# ---------------------------------------------------------------------------
mkdir -p "$root/DEBIAN"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" \
    $pkg/debian/control.in |
  if [ -n "$homepage" ]; then sed "s|@HOMEPAGE@|$homepage|"; else grep -v '^Homepage:'; fi \
  > "$root/DEBIAN/control"
(cd "$root" && find etc -type f | sort | sed 's|^|/|') > "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 $pkg/debian/$script "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort |
  xargs -d '\n' md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

# Reproducible: every file dated from the changelog's latest entry.
changelog_date=$(sed -n 's/^ -- .*>  //p' $pkg/debian/changelog | head -n1)
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$changelog_date" +%s)}
export SOURCE_DATE_EPOCH
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

rm -f "$deb"
dpkg-deb --build --root-owner-group -Zxz "$root" "$deb" >/dev/null
say "built $deb"

if [ "${DEB_SKIP_LINTIAN:-}" != 1 ] && command -v lintian >/dev/null; then
  say "lintian --fail-on error,warning"
  lintian --fail-on error,warning --display-info "$deb" >&2 || die "lintian found errors or warnings"
fi
echo "$deb"
