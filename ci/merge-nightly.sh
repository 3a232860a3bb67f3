#!/usr/bin/env bash
# The nightly job's last step, run the same way on a laptop: sets tonight's registries side by side and compares
# each with the previous night.
#
#   ci/merge-nightly.sh [--executable PATH|URL] TONIGHT PREVIOUS OUT
#
# TONIGHT   one folder per registry, each holding the results.json ci/check-target.sh wrote (the folder names the
#           registry; on GitHub, the per-target artifacts downloaded side by side)
# PREVIOUS  the OUT folder of the previous night (absent or empty on the first night)
# OUT       receives matrix.html and matrix.md (oci-conformance matrix), targets/<name>/results.json (tomorrow's
#           PREVIOUS), compare-<name>.txt (oci-conformance compare against the previous night) and nightly.md, also
#           appended to $GITHUB_STEP_SUMMARY when that is set
#
# Exit code 1 when a registry regressed since the previous night, could not be compared with it, or has no results
# tonight although it had the previous night; 0 otherwise. Everything is written either way.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

executable=""
if [ "${1-}" = --executable ]; then
  executable=${2-}
  shift 2
fi
[ $# -eq 3 ] || { echo "usage: ci/merge-nightly.sh [--executable PATH|URL] TONIGHT PREVIOUS OUT" >&2; exit 2; }
tonight=$1
previous=$2
out=$3
executable=$("$root/ci/resolve-executable.sh" "$executable") || exit 3
mkdir -p "$out/targets"

names=()
for results in "$tonight"/*/results.json; do
  [ -f "$results" ] || continue
  name=$(basename "$(dirname "$results")")
  names+=("$name")
  mkdir -p "$out/targets/$name"
  cp "$results" "$out/targets/$name/results.json"
done
[ ${#names[@]} -gt 0 ] || { echo "merge-nightly: no */results.json under $tonight" >&2; exit 2; }

summary="$out/nightly.md"
{
  echo "# Nightly conformance, $(date -u +%Y-%m-%d)"
  echo
} > "$summary"

if [ ${#names[@]} -ge 2 ]; then
  results=()
  for name in "${names[@]}"; do results+=("$out/targets/$name/results.json"); done
  "$executable" matrix "${results[@]}" --output "$out" || { echo "merge-nightly: the matrix could not be written" >&2; exit 3; }
  cat "$out/matrix.md" >> "$summary"
else
  echo "Only ${names[0]} has results tonight: no matrix." >> "$summary"
fi

regressed=0
{
  echo
  echo "## Since the previous night"
  echo
  echo "| registry | compared with the previous night |"
  echo "|---|---|"
} >> "$summary"
for name in "${names[@]}"; do
  before="$previous/targets/$name/results.json"
  if [ ! -f "$before" ]; then
    echo "| $name | no earlier result: first night |" >> "$summary"
    continue
  fi
  "$executable" compare "$before" "$out/targets/$name/results.json" > "$out/compare-$name.txt" 2>&1
  case $? in
    0) echo "| $name | no regression |" >> "$summary" ;;
    1) echo "| $name | **regressed**: see compare-$name.txt |" >> "$summary"; regressed=1 ;;
    *) echo "| $name | **not comparable**: $(tr '\n' ' ' < "$out/compare-$name.txt") |" >> "$summary"; regressed=1 ;;
  esac
  echo "== $name: compare with the previous night"
  cat "$out/compare-$name.txt"
done
if [ -d "$previous/targets" ]; then
  for before in "$previous"/targets/*/results.json; do
    [ -f "$before" ] || continue
    name=$(basename "$(dirname "$before")")
    if [ ! -f "$out/targets/$name/results.json" ]; then
      echo "| $name | **no results tonight** |" >> "$summary"
      regressed=1
    fi
  done
fi

[ -z "${GITHUB_STEP_SUMMARY:-}" ] || cat "$summary" >> "$GITHUB_STEP_SUMMARY"
echo "merge-nightly: $out/matrix.html, $summary"
exit $regressed
