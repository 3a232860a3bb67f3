#!/usr/bin/env bash
# Publishes the runner as one self-contained executable per runtime (default: linux-x64 linux-arm64) into
# artifacts/<rid>/oci-conformance: single file, ReadyToRun, schemas and fixtures embedded. Not trimmed: the
# suite registers actions and faults by reflection and serialises with reflection-based System.Text.Json, and
# ASP.NET Core (the embedded registry) is not trim-safe, so trimming could drop what only reflection reaches.
set -euo pipefail
cd "$(dirname "$0")/.."

rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)

for rid in "${rids[@]}"; do
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  dotnet publish runner/OciConformance.Runner.csproj -c Release -r "$rid" --nologo -v quiet \
    --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true \
    -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$staging"
  mkdir -p "artifacts/$rid"
  # Only the executable ships: the documentation files the build writes beside it are not needed to run.
  cp "$staging/oci-conformance" "artifacts/$rid/oci-conformance"
  rm -rf "$staging"
  trap - EXIT
  printf '%-12s %s  %s MB\n' "$rid" "artifacts/$rid/oci-conformance" "$(( $(stat -c %s "artifacts/$rid/oci-conformance") / 1048576 ))"
done
