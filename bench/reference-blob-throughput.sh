#!/usr/bin/env bash
# Pushes and pulls one large blob through the reference registry running as its own process with folder storage,
# and checks that the registry streams: its peak resident memory may not grow by 64 MiB or more.
# Usage: bench/reference-blob-throughput.sh [SIZE_MIB]   (default 1024)
set -euo pipefail

size_mib="${1:-1024}"
limit_mib=64
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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

hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

echo "building the reference registry (Release)..."
dotnet build "$repo_root/reference/OciConformance.Reference.csproj" -c Release -o "$work/bin" --nologo -v quiet >/dev/null

port="$(free_port)"
dotnet "$work/bin/OciConformance.Reference.dll" --port "$port" --storage "$work/storage" >"$work/registry.log" 2>&1 &
registry_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$base/v2/" 2>/dev/null && break
    sleep 0.1
done
curl -fsS -o /dev/null "$base/v2/" || { echo "registry did not start:"; cat "$work/registry.log"; exit 1; }

echo "generating ${size_mib} MiB of random data..."
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/blob"
bytes="$(stat -c %s "$work/blob")"
digest="sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)"

# One warm-up round trip so JIT and buffers settle before the baseline is read.
printf 'warm-up' >"$work/small"
small_digest="sha256:$(sha256sum "$work/small" | cut -d' ' -f1)"
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/octet-stream' --data-binary @"$work/small" "$base/v2/bench/blobs/uploads/?digest=$small_digest"
curl -fsS -o /dev/null "$base/v2/bench/blobs/$small_digest"
before_kib="$(hwm_kib "$registry_pid")"

location="$(curl -fsS -D - -o /dev/null -X POST "$base/v2/bench/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')"
[[ -n "$location" ]] || { echo "no Location from upload POST"; exit 1; }

push_start="$(date +%s.%N)"
curl -fsS -o /dev/null -X PUT -T "$work/blob" -H 'Content-Type: application/octet-stream' "$base$location?digest=$digest"
push_end="$(date +%s.%N)"

pull_start="$(date +%s.%N)"
curl -fsS -o "$work/pulled" "$base/v2/bench/blobs/$digest"
pull_end="$(date +%s.%N)"

after_kib="$(hwm_kib "$registry_pid")"
pulled_digest="sha256:$(sha256sum "$work/pulled" | cut -d' ' -f1)"

mbps() { awk -v b="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.1f", b / 1000000 / (e - s) }'; }
growth_mib="$(awk -v a="$after_kib" -v b="$before_kib" 'BEGIN { printf "%.1f", (a - b) / 1024 }')"

echo "size:          $bytes bytes ($size_mib MiB)"
echo "push:          $(mbps "$bytes" "$push_start" "$push_end") MB/s"
echo "pull:          $(mbps "$bytes" "$pull_start" "$pull_end") MB/s"
echo "peak RSS:      $((before_kib / 1024)) MiB before push, $((after_kib / 1024)) MiB after pull"
echo "memory growth: $growth_mib MiB (limit $limit_mib MiB)"

if [[ "$pulled_digest" != "$digest" ]]; then
    echo "FAIL: pulled blob digest $pulled_digest differs from pushed $digest"
    exit 1
fi
echo "digest:        verified ($digest)"

if awk -v g="$growth_mib" -v l="$limit_mib" 'BEGIN { exit !(g >= l) }'; then
    echo "FAIL: registry memory grew by $growth_mib MiB (limit $limit_mib MiB)"
    exit 1
fi
echo "OK"
