#!/usr/bin/env bash
# How lean the suite is, against Debian's CNCF distribution 2.8 on a loopback port:
#  - peak resident memory and CPU time (GNU time) of `--list`, of `--profiles push` and of a full default run, and the
#    time from process start to the first request, all with the executable that ships (build/publish.sh: self-contained,
#    single file, ReadyToRun);
#  - a large generated blob pushed monolithically, pushed in chunks and pulled through the suite's own client
#    (bench/BlobBench, on the engine's RegistryClient) and with curl, best of several rounds each, with the client's
#    resident memory beyond what the same transfer of a 1 MiB blob takes, and the throughput ratio client / curl.
#  The first start with a given content checks the suite's data and leaves a stamp (runner/ValidationStamp.cs); it is
#  measured on its own line, and every later figure is of a start that finds the stamp, as every start after the first does.
# Suite runs are the median of ROUNDS runs, start-up of at least five.
# Usage: bench/lean.sh [SIZE_MIB] [ROUNDS]   (default 1024 MiB, 3 rounds; needs docker-registry, curl, GNU time)
set -euo pipefail

size_mib="${1:-1024}"
rounds="${2:-3}"
chunk_mib=64
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

for tool in /usr/bin/docker-registry /usr/bin/time curl python3 openssl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y docker-registry time curl python3 openssl)"; exit 1; }
done

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64) rid=linux-arm64 ;;
    *) echo "no published executable for $(uname -m)"; exit 1 ;;
esac
echo "publishing the executable that ships ($rid: single file, ReadyToRun) and building the blob bench (Release)..."
"$repo_root/build/publish.sh" --output "$work/artifacts" "$rid" >/dev/null
dotnet build "$repo_root/bench/BlobBench/OciConformance.BlobBench.csproj" -c Release -o "$work/bench" --nologo -v quiet >/dev/null
runner="$work/artifacts/$rid/oci-conformance"
export XDG_CACHE_HOME="$work/cache"
bench=(dotnet "$work/bench/blob-bench.dll")

port="$(free_port)"
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

# "<peak MiB> <cpu s>" of a command, from GNU time.
measure() {
    /usr/bin/time -f '%M %U %S' -o "$work/time" "$@" >/dev/null 2>&1 || true
    # GNU time puts "Command exited with non-zero status" first when the run found a failure; the figures come last.
    tail -1 "$work/time" | awk '{ printf "%.0f %.2f", $1 / 1024, $2 + $3 }'
}

# The median of ROUNDS runs of a command: "<peak MiB> <cpu s>" (a shared machine's noise moves single runs by a fifth).
measure_median() {
    for _ in $(seq 1 "$rounds"); do measure "$@"; echo; done >"$work/runs"
    printf '%s %s' "$(sort -n -k1,1 "$work/runs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
        "$(sort -g -k2,2 "$work/runs" | awk '{ v[NR] = $2 } END { print v[int((NR + 1) / 2)] }')"
}

echo
echo "suite run against distribution 2.8 ($base), median of $rounds runs each"
printf '%-24s %10s %8s\n' "" "peak MiB" "CPU s"
read -r mib cpu <<<"$(measure "$runner" --target "$base" --list)"
printf '%-24s %10s %8s\n' "--list (first start)" "$mib" "$cpu"
for what in "--list" "--profiles push" "full default run"; do
    args=()
    [[ "$what" == "full default run" ]] || read -ra args <<<"$what"
    read -r mib cpu <<<"$(measure_median "$runner" --target "$base" --output "$work/report" "${args[@]}")"
    printf '%-24s %10s %8s\n' "$what" "$mib" "$cpu"
done

# Seconds from the start of the runner's process to its first request, at a listener that answers that one request.
first_request() {
    rm -f "$work/first" "$work/listener-port"
    python3 - "$work/first" >"$work/listener-port" <<'PY' &
import http.server, sys, time
class First(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(sys.argv[1], "w").write(repr(time.time()))
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), First)
print(server.server_address[1], flush=True)
server.handle_request()
PY
    local listener_pid=$! started runner_pid
    for _ in $(seq 1 50); do [[ -s "$work/listener-port" ]] && break; sleep 0.1; done
    started="$(python3 -c 'import time; print(repr(time.time()))')"
    "$runner" --target "http://127.0.0.1:$(cat "$work/listener-port")" --output "$work/first-report" >/dev/null 2>&1 &
    runner_pid=$!
    wait "$listener_pid" || true
    kill "$runner_pid" 2>/dev/null || true
    wait "$runner_pid" 2>/dev/null || true
    awk -v s="$started" -v f="$(cat "$work/first")" 'BEGIN { printf "%.3f\n", f - s }'
}
startups="$(for _ in $(seq 1 $((rounds < 5 ? 5 : rounds))); do first_request; done | sort -g | tr '\n' ' ')"
awk -v all="$startups" 'BEGIN { n = split(all, t, " "); printf "%-24s %.2f s median, %.2f s best of %d (start of the process to its first request)\n", "start-up", t[int((n + 1) / 2)], t[1], n }'

bytes=$((size_mib * 1024 * 1024))
small=$((1024 * 1024))
seed=7
echo
echo "generating ${size_mib} MiB (seed $seed) for curl and hashing it..."
"${bench[@]}" "$base" unused "$bytes" "$seed" write "$work/blob"
digest="$("${bench[@]}" "$base" unused "$bytes" "$seed" digest)"
small_digest="$("${bench[@]}" "$base" unused "$small" "$seed" digest)"

# Seconds of one transfer through the suite's client; its peak RSS in MiB goes to $work/client-mib.
client() { # repository size digest mode [chunk]
    local repo=$1 size=$2 blob=$3 mode=$4; shift 4
    /usr/bin/time -f '%M' -o "$work/client-kib" "${bench[@]}" "$base" "$repo" "$size" "$seed" "$mode" "$@" "$blob" >"$work/client-out"
    awk '{ printf "%.0f", $1 / 1024 }' "$work/client-kib" >"$work/client-mib"
    cut -d' ' -f1 "$work/client-out"
}

curl_push_monolithic() {
    local location
    location="$(curl -fsS -D - -o /dev/null -X POST "$base/v2/$1/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')"
    curl -fsS -o /dev/null -w '%{time_total}' -X PUT -T "$work/blob" -H 'Content-Type: application/octet-stream' "$location&digest=$digest"
}

curl_push_chunked() {
    local location chunk=$((chunk_mib * 1024 * 1024)) offset=0 total=0 took length
    location="$(curl -fsS -D - -o /dev/null -X POST "$base/v2/$1/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')"
    while ((offset < bytes)); do
        length=$((bytes - offset < chunk ? bytes - offset : chunk))
        # Each chunk is read straight from the file at its offset, as the client reads its window of the blob.
        took="$(dd if="$work/blob" iflag=skip_bytes,count_bytes skip="$offset" count="$length" bs=1M status=none | curl -fsS -D "$work/headers" -o /dev/null -w '%{time_total}' -X PATCH \
            -H 'Content-Type: application/octet-stream' -H "Content-Range: $offset-$((offset + length - 1))" -H "Content-Length: $length" \
            --data-binary @- "$location")"
        total="$(awk -v a="$total" -v b="$took" 'BEGIN { print a + b }')"
        location="$(tr -d '\r' <"$work/headers" | awk 'tolower($1) == "location:" { print $2 }')"
        location="${location/#\//$base/}"
        offset=$((offset + length))
    done
    took="$(curl -fsS -o /dev/null -w '%{time_total}' -X PUT "$location&digest=$digest")"
    awk -v a="$total" -v b="$took" 'BEGIN { print a + b }'
}

curl_pull() { curl -fsS -o /dev/null -w '%{time_total}' "$base/v2/$1/blobs/$digest"; }

# The client checks every pulled byte against the digest; curl does not. The fair partner for that is curl piped into
# openssl's sha256 (coreutils' sha256sum is several times slower here), its digest compared as the client's is.
curl_pull_checked() {
    local took
    took="$({ curl -fsS -w '%{stderr}%{time_total}' "$base/v2/$1/blobs/$digest" | openssl dgst -sha256 -r >"$work/curl-sum"; } 2>&1)"
    [[ "sha256:$(cut -d' ' -f1 "$work/curl-sum")" == "$digest" ]] || { echo "curl | openssl: the pulled blob does not match $digest" >&2; exit 1; }
    echo "$took"
}

best() { grep . | sort -g | head -1; }

declare -A client_s curl_s client_mib baseline_mib
for mode in push chunked pull; do
    : >"$work/$mode.client"; : >"$work/$mode.curl"; : >"$work/$mode.mib"
done
: >"$work/pull-checked.curl"
for round in $(seq 1 "$rounds"); do
    client "client-mono-$round" "$bytes" "$digest" push >>"$work/push.client"; cat "$work/client-mib" >>"$work/push.mib"; echo >>"$work/push.mib"
    curl_push_monolithic "curl-mono-$round" >>"$work/push.curl"; echo >>"$work/push.curl"
    client "client-chunked-$round" "$bytes" "$digest" chunked $((chunk_mib * 1024 * 1024)) >>"$work/chunked.client"; cat "$work/client-mib" >>"$work/chunked.mib"; echo >>"$work/chunked.mib"
    curl_push_chunked "curl-chunked-$round" >>"$work/chunked.curl"; echo >>"$work/chunked.curl"
    client "client-mono-$round" "$bytes" "$digest" pull >>"$work/pull.client"; cat "$work/client-mib" >>"$work/pull.mib"; echo >>"$work/pull.mib"
    curl_pull "curl-mono-$round" >>"$work/pull.curl"; echo >>"$work/pull.curl"
    curl_pull_checked "curl-mono-$round" >>"$work/pull-checked.curl"; echo >>"$work/pull-checked.curl"
done
client small "$small" "$small_digest" push >/dev/null; baseline_mib[push]="$(cat "$work/client-mib")"
client small-chunked "$small" "$small_digest" chunked $((small / 4)) >/dev/null; baseline_mib[chunked]="$(cat "$work/client-mib")"
client small "$small" "$small_digest" pull >/dev/null; baseline_mib[pull]="$(cat "$work/client-mib")"

echo
echo "${size_mib} MiB blob, best of $rounds rounds: the suite's client against curl"
printf '%-20s %9s %9s %9s %9s %12s\n' "" "client s" "curl s" "client MB/s" "curl MB/s" "client/curl"
for mode in push chunked pull; do
    client_s[$mode]="$(best <"$work/$mode.client")"
    curl_s[$mode]="$(best <"$work/$mode.curl")"
    client_mib[$mode]="$(sort -n "$work/$mode.mib" | tail -1)"
    awk -v name="$mode" -v b="$bytes" -v c="${client_s[$mode]}" -v u="${curl_s[$mode]}" \
        'BEGIN { printf "%-20s %9.2f %9.2f %9.0f %9.0f %11.0f%%\n", name, c, u, b / 1e6 / c, b / 1e6 / u, 100 * u / c }'
done
awk -v b="$bytes" -v c="${client_s[pull]}" -v u="$(best <"$work/pull-checked.curl")" \
    'BEGIN { printf "%-20s %9.2f %9.2f %9.0f %9.0f %11.0f%%   (curl | openssl dgst -sha256: both check the digest)\n", "pull, digest checked", c, u, b / 1e6 / c, b / 1e6 / u, 100 * u / c }' 
echo
echo "client peak RSS (MiB): ${size_mib} MiB blob vs 1 MiB blob, same transfer"
for mode in push chunked pull; do
    printf '%-20s %6s vs %6s   grows %4s MiB\n' "$mode" "${client_mib[$mode]}" "${baseline_mib[$mode]}" "$((client_mib[$mode] - baseline_mib[$mode]))"
done
