#!/usr/bin/env bash
# The scale profile at full size against Debian's CNCF distribution 2.8 on a loopback port: the wall time, peak
# resident memory and CPU time of the run (GNU time), then each scale case's outcome, duration and, for the large
# blob, the throughput of its push-and-pull (both directions over the blob's size twice, plus the resumed half).
# Usage: bench/scale.sh [BLOB_MIB] [TAGS] [REFERRERS] [CONCURRENCY]   (default 1024 MiB, 10000 tags, 1000 referrers, 8)
# Uses the runner as built (dotnet build first); needs docker-registry, GNU time, curl and python3.
set -euo pipefail

blob_mib="${1:-1024}"
tags="${2:-10000}"
referrers="${3:-1000}"
concurrency="${4:-8}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runner="$repo_root/runner/bin/Debug/net10.0/oci-conformance.dll"
work="$(mktemp -d)"
registry_pid=""

cleanup() {
    if [[ -n "$registry_pid" ]] && kill -0 "$registry_pid" 2>/dev/null; then
        kill "$registry_pid"
        wait "$registry_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

for tool in /usr/bin/docker-registry /usr/bin/time curl python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y docker-registry time curl python3)"; exit 1; }
done
[[ -f "$runner" ]] || { echo "missing $runner: run dotnet build first"; exit 1; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
mkdir -p "$work/distribution"
cat >"$work/distribution/config.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/distribution/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
YAML
/usr/bin/docker-registry serve "$work/distribution/config.yml" >"$work/distribution/log" 2>&1 &
registry_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$base/v2/" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "$base/v2/" || { echo "distribution did not start:"; cat "$work/distribution/log"; exit 1; }

blob_bytes=$((blob_mib * 1024 * 1024))
echo "scale profile against distribution 2.8 at $base: blob $blob_mib MiB (chunks of 64 MiB), $tags tags, $referrers referrers, $concurrency at once"
# A large blob's one PUT may take longer than the default 30 s time-out of one request.
/usr/bin/time -f '%e %M %U %S' -o "$work/time" dotnet "$runner" --target "$base" --scale \
    --scale-blob-size "$blob_bytes" --scale-chunk-size $((64 * 1024 * 1024)) --scale-tags "$tags" --scale-referrers "$referrers" \
    --scale-concurrency "$concurrency" --timeout 3600 --output "$work/out" >"$work/run.log" 2>&1 || true
grep -E '^(failed|warning|error) ' "$work/run.log" | cut -c1-200 || true
tail -1 "$work/time" | awk '{ printf "run: %.1f s wall, peak RSS %.0f MiB, CPU %.1f s\n", $1, $2 / 1024, $3 + $4 }'
python3 - "$work/out/results.json" "$blob_bytes" <<'PY'
import json, sys
results, size = json.load(open(sys.argv[1])), int(sys.argv[2])
for case in sorted((c for c in results["cases"] if c["profile"] == "scale"), key=lambda c: c["id"]):
    seconds = case["durationMs"] / 1000
    line = f'{case["id"]:<28} {case["outcome"]:<13} {seconds:8.1f} s'
    if case["id"].startswith("scale-blob-"):
        moved = sum(e.get("responseLength", 0) for e in case["exchanges"] if e["method"] == "GET") + size
        line += f'   {moved / 2**20 / seconds:8.1f} MiB/s ({moved / 2**20:.0f} MiB pushed and pulled)'
    print(line)
PY
