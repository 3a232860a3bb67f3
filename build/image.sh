#!/usr/bin/env bash
# Builds the runner's container image offline, from scratch, into an OCI layout (default artifacts/image, tagged
# with the runner's version): no base image is pulled. The root filesystem is the single-file executable plus the
# few shared libraries .NET loads, taken from the distribution's packages with `apt-get download` (the package
# registry is the only network this needs), assembled with umoci as two layers (system files, then the executable)
# so that a new version of the runner re-uses the system layer.
#
#   build/image.sh [--executable FILE] [--output DIR] [--source URL]
#
# Without --executable it first publishes one with build/publish.sh linux-x64. Requires root (the layers carry
# files owned by the image's user, 65532), umoci and apt-get (Debian, amd64 host).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

executable=""
output="$root/artifacts/image"
source_url=$(git remote get-url origin 2>/dev/null || true)
while [ $# -gt 0 ]; do
  case "$1" in
    --executable) executable=$(realpath "$2"); shift 2 ;;
    --output) output=$(realpath -m "$2"); shift 2 ;;
    --source) source_url="$2"; shift 2 ;;
    *) echo "usage: build/image.sh [--executable FILE] [--output DIR] [--source URL]" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" -eq 0 ] || { echo "build/image.sh: run as root: the image's files must be owned by uid 65532" >&2; exit 2; }
command -v umoci >/dev/null || { echo "build/image.sh: umoci is missing (apt-get install umoci)" >&2; exit 2; }
[ "$(dpkg --print-architecture)" = amd64 ] || { echo "build/image.sh: builds the linux-x64 image on an amd64 host only" >&2; exit 2; }

if [ -z "$executable" ]; then
  build/publish.sh linux-x64
  executable="$root/artifacts/linux-x64/oci-conformance"
fi

# The tag and labels come from the executable itself, so that they name what the image runs.
version_line=$("$executable" --version)
version=$(sed -E 's/^oci-conformance ([^ ]+).*/\1/' <<<"$version_line")
revision=$(sed -nE 's/.*\(commit ([0-9a-f]+)\)$/\1/p' <<<"$version_line")
if [ -n "$revision" ]; then
  revision=$(git rev-parse --verify --quiet "$revision^{commit}" 2>/dev/null || echo "$revision")
fi
# Layer timestamps follow the commit, not the build: two builds of one executable from the same package versions
# give the same image digest.
epoch=$(git log -1 --format=%ct "${revision:-HEAD}" 2>/dev/null || date +%s)
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base="$work/base"
app="$work/app"
mkdir -p "$base" "$app/usr/local/bin"

# .NET needs glibc, libgcc_s and libstdc++ to start, and OpenSSL (with the CA bundle) for https targets. No ICU:
# the runner is built with InvariantGlobalization (Directory.Build.props), which its runtimeconfig carries, and
# the suite compares strings ordinally, so ICU's 30+ MB would never be loaded. zlib is linked into .NET itself.
packages=(libc6 libgcc-s1 libstdc++6 libssl3 ca-certificates)
# As root, apt would hand the download to its unprivileged _apt user, who cannot write into the private work folder.
(cd "$work" && apt-get download -qq -o APT::Sandbox::User=root "${packages[@]}")
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$base"
done
package_versions=$(for deb in "$work"/*.deb; do dpkg-deb -f "$deb" Package Version | paste -sd= | tr -d ' '; done | paste -sd' ')

# Nothing in the image runs but the entry point: no shell, no tools, no documentation, no iconv modules, no
# OpenSSL engines or legacy provider (.NET uses neither).
rm -rf "$base"/usr/share/doc "$base"/usr/share/man "$base"/usr/share/locale "$base"/usr/share/lintian \
  "$base"/usr/share/gcc "$base"/usr/share/gdb "$base"/usr/lib/x86_64-linux-gnu/gconv \
  "$base"/usr/lib/x86_64-linux-gnu/engines-3 "$base"/usr/lib/x86_64-linux-gnu/ossl-modules \
  "$base"/usr/bin "$base"/usr/sbin "$base"/sbin "$base"/bin "$base"/etc/ld.so.conf.d "$base"/usr/lib/x86_64-linux-gnu/audit

# The package's post-install script would build the CA bundle; dpkg-deb -x does not run it, so build it here.
mkdir -p "$base/etc/ssl/certs" "$base/usr/lib/ssl"
find "$base/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat >"$base/etc/ssl/certs/ca-certificates.crt"
rm -rf "$base/usr/share/ca-certificates" "$base/etc/ca-certificates" "$base/etc/ca-certificates.conf"
# OpenSSL's compiled-in defaults look in /usr/lib/ssl; point them at the bundle as Debian's openssl package does.
ln -s /etc/ssl/certs "$base/usr/lib/ssl/certs"
ln -s /etc/ssl/certs/ca-certificates.crt "$base/usr/lib/ssl/cert.pem"

cat >"$base/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$base/etc/group" <<'EOF'
root:x:0:
nonroot:x:65532:
EOF
# Without these, glibc asks DNS before /etc/hosts and "localhost" depends on the network's resolver.
printf 'hosts: files dns\n' >"$base/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"$base/etc/hosts"
# The single-file host extracts its native libraries under $HOME/.net, the runner its data under $XDG_CACHE_HOME.
mkdir -p "$base/tmp" "$base/root" "$base/home/nonroot/.cache" "$base/proc" "$base/dev" "$base/sys"
chmod 1777 "$base/tmp"
chmod 0700 "$base/root"
chown -R 65532:65532 "$base/home/nonroot"

install -m 0755 "$executable" "$app/usr/local/bin/oci-conformance"

find "$base" "$app" -exec touch -h -d "@$epoch" {} +
chown -R 0:0 "$app"

rm -rf "$output"
mkdir -p "$(dirname "$output")"
image="$output:$version"
umoci init --layout "$output"
umoci new --image "$image"
umoci insert --image "$image" --history.created "$created" --history.created_by "build/image.sh" \
  --history.comment "$package_versions" "$base" /
umoci insert --image "$image" --history.created "$created" --history.created_by "build/image.sh" \
  --history.comment "oci-conformance $version" "$app" /
labels=(--config.label "org.opencontainers.image.title=oci-conformance"
  --config.label "org.opencontainers.image.description=OCI registry conformance suite"
  --config.label "org.opencontainers.image.version=$version"
  --config.label "org.opencontainers.image.created=$created")
[ -z "$revision" ] || labels+=(--config.label "org.opencontainers.image.revision=$revision")
if [ -n "$source_url" ]; then
  labels+=(--config.label "org.opencontainers.image.source=$source_url")
else
  echo "note: no git remote 'origin' and no --source: the image has no org.opencontainers.image.source label" >&2
fi
umoci config --image "$image" --created "$created" --history.created "$created" --history.created_by "build/image.sh" \
  --config.user 65532:65532 --config.workingdir /home/nonroot \
  --config.env PATH=/usr/local/bin \
  --config.env HOME=/home/nonroot \
  --config.env XDG_CACHE_HOME=/home/nonroot/.cache \
  --config.env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  --config.entrypoint /usr/local/bin/oci-conformance \
  "${labels[@]}"
umoci gc --layout "$output"

# Compressed size: what a pull transfers (the layers and the config); unpacked: what the layers expand to.
blobs=$(du -cb "$output"/blobs/sha256/* | tail -1 | cut -f1)
unpacked=$(du -sb --apparent-size "$base" "$app" | awk '{ s += $1 } END { print s }')
printf '%s  %s:%s  %s MB compressed, %s MB unpacked\n' "$version_line" "$output" "$version" \
  "$(( (blobs + 524288) / 1048576 ))" "$(( (unpacked + 524288) / 1048576 ))"
