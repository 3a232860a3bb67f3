#!/usr/bin/env bash
# Prints the path of the single-file oci-conformance to run, given a path, an http(s) URL to download it from, or
# nothing: then it is built from this checkout with build/publish.sh (needs the .NET 10 SDK), the build's output on
# stderr. Exit code 3 when there is none to run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
executable=${1-}

case "$executable" in
  http://*|https://*)
    download=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/oci-conformance-XXXXXX")
    curl -fsSL --retry 3 -o "$download/oci-conformance" "$executable" || { echo "could not download $executable" >&2; exit 3; }
    chmod +x "$download/oci-conformance"
    executable="$download/oci-conformance"
    ;;
  "")
    case "$(uname -m)" in
      x86_64) rid=linux-x64 ;;
      aarch64|arm64) rid=linux-arm64 ;;
      *) echo "no executable is built for $(uname -m); give one" >&2; exit 3 ;;
    esac
    "$root/build/publish.sh" "$rid" >&2 || { echo "build/publish.sh $rid failed" >&2; exit 3; }
    executable="$root/artifacts/$rid/oci-conformance"
    ;;
esac

[ -f "$executable" ] && [ -x "$executable" ] || { echo "$executable is not an executable file" >&2; exit 3; }
realpath "$executable"
