#!/usr/bin/env bash
# Start-up and full-run wall time of the single-file executable (artifacts/linux-x64, built by build/publish.sh
# if missing) next to `dotnet run --no-build` of the same runner, both against the embedded registry.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x artifacts/linux-x64/oci-conformance ] || build/publish.sh linux-x64 >/dev/null
dotnet build runner/OciConformance.Runner.csproj -v quiet --nologo >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp artifacts/linux-x64/oci-conformance "$work/"
export XDG_CACHE_HOME="$work/cache"

seconds() { # runs the command quietly, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  printf "%.2f" "$(echo "$end - $start" | bc)"
}

# The first start of the executable extracts the embedded data; the timed ones find it in the cache.
"$work/oci-conformance" --version >/dev/null
printf '%-28s %12s %12s %12s\n' "" "--version s" "--list s" "full run s"
printf '%-28s %12s %12s %12s\n' "single-file executable" \
  "$(seconds "$work/oci-conformance" --version)" \
  "$(seconds "$work/oci-conformance" --list)" \
  "$(seconds "$work/oci-conformance" --output "$work/out1")"
printf '%-28s %12s %12s %12s\n' "dotnet run --no-build" \
  "$(seconds dotnet run --no-build --project runner -- --version)" \
  "$(seconds dotnet run --no-build --project runner -- --list)" \
  "$(seconds dotnet run --no-build --project runner -- --output "$work/out2")"
