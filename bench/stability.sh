#!/usr/bin/env bash
# Runs the whole suite N times in a row (parallel cases) against the embedded reference registry and against
# Debian's CNCF distribution, and prints how many case outcomes differed between runs. Stable verdicts: 0.
# Usage: bench/stability.sh [runs]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
out=$(mktemp -d)
trap 'kill "${registry_pid:-}" 2>/dev/null || true; rm -rf "$out"' EXIT

dotnet build runner/OciConformance.Runner.csproj -c Release -o "$out/bin" >/dev/null
runner=("dotnet" "$out/bin/oci-conformance.dll")

outcomes() { # results.json -> "case outcome" lines, sorted
  python3 -c 'import json,sys; [print(c["id"], c["outcome"]) for c in sorted(json.load(open(sys.argv[1]))["cases"], key=lambda c: c["id"])]' "$1"
}

measure() { # name, extra runner args...
  local name=$1; shift
  local first="" differing=0 start end
  start=$(date +%s)
  for i in $(seq 1 "$runs"); do
    "${runner[@]}" "$@" --output "$out/$name-$i" >/dev/null || true
    outcomes "$out/$name-$i/results.json" > "$out/$name-$i.txt"
    if [ -z "$first" ]; then first="$out/$name-$i.txt"; continue; fi
    differing=$((differing + $(diff "$first" "$out/$name-$i.txt" | grep -c '^>' || true)))
  done
  end=$(date +%s)
  printf '%-22s runs: %2d  cases per run: %3d  outcome differences: %d  (%d s)\n' \
    "$name" "$runs" "$(wc -l < "$first")" "$differing" $((end - start))
}

measure reference

if [ -x /usr/bin/docker-registry ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$out/distribution"
  cat > "$out/distribution/config.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $out/distribution/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
YAML
  /usr/bin/docker-registry serve "$out/distribution/config.yml" >/dev/null 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
  measure distribution-2.8 --target "http://127.0.0.1:$port"
else
  echo "distribution-2.8: skipped, /usr/bin/docker-registry is missing (apt-get install -y docker-registry)"
fi
