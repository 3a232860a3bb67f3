#!/usr/bin/env bash
# Publishes the runner as one self-contained executable per runtime (default: linux-x64 linux-arm64) into
# <output>/<rid>/oci-conformance (output: artifacts): single file, ReadyToRun, schemas and fixtures embedded. Not
# trimmed: the suite registers actions and faults by reflection and serialises with reflection-based System.Text.Json,
# and ASP.NET Core (the embedded registry) is not trim-safe, so trimming could drop what only reflection reaches.
#
#   build/publish.sh [--output DIR] [--quick] [rid...]
#
# --quick leaves out ReadyToRun: the same single file, its code compiled at run time instead, published in a fraction
# of the time. The tests use it; what ships is the ReadyToRun build.
set -euo pipefail
cd "$(dirname "$0")/.."

output=artifacts
ready_to_run=true
rids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output=${2:?--output needs a folder}; shift 2 ;;
    --quick) ready_to_run=false; shift ;;
    -*) echo "publish.sh: unknown option $1 (expected --output DIR, --quick or runtime identifiers)" >&2; exit 2 ;;
    *) rids+=("$1"); shift ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)

for rid in "${rids[@]}"; do
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  # RuntimeIdentifiers names the runtime to every project, not only the runner: otherwise the SDK builds the embedded
  # registry (an executable the engine references) for the machine's own runtime, and a cross publish fails (NETSDK1047).
  dotnet publish runner/OciConformance.Runner.csproj -c Release -r "$rid" -p:RuntimeIdentifiers="$rid" --nologo -v quiet \
    --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=$ready_to_run \
    -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$staging"
  mkdir -p "$output/$rid"
  # Only the executable ships: the documentation files the build writes beside it are not needed to run.
  cp "$staging/oci-conformance" "$output/$rid/oci-conformance"
  rm -rf "$staging"
  trap - EXIT
  printf '%-12s %s  %s MB\n' "$rid" "$output/$rid/oci-conformance" "$(( $(stat -c %s "$output/$rid/oci-conformance") / 1048576 ))"
done
