#!/usr/bin/env bash
# The project's test command: installs the system packages the tests drive (a real registry, a real client)
# when they are missing, then runs every test project and prints one closing tally.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
[ -x /usr/bin/skopeo ] || missing+=(skopeo)
[ -x /usr/bin/umoci ] || missing+=(umoci)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "Installing ${missing[*]} (needed by the tests)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ConformanceSuite.sln "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one line per test project; add them up into the plain closing line CI reads.
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit $status
