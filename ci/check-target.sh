#!/usr/bin/env bash
# Checks one registry into one report folder: the step the GitHub Action runs and each nightly matrix job runs, run
# the same way on a laptop. What to check (registry, namespace, credentials, profiles, spec version, read-only
# references, report folder) comes from the suite's own configuration: CONFORMANCE__* and OCI_* variables or
# conformance.json; arguments after -- go to the suite unchanged.
#
#   ci/check-target.sh [--executable PATH|URL] [--fail-on-must true|false] [-- SUITE-ARGUMENTS...]
#
# --executable   the single-file oci-conformance to run: a path, or an http(s) URL to download it from; empty or
#                absent: build it from this checkout with build/publish.sh (needs the .NET 10 SDK)
# --fail-on-must false: a MUST failure (the suite's exit code 1) exits 0, for jobs that only collect reports
#
# The report folder is run.reportDir (CONFORMANCE__RUN__REPORTDIR, default oci-conformance-report); its path is
# printed last. On GitHub Actions ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY) it also appends summary.md to the job page
# and writes the step's outputs: exit-code, report-dir, verdict, passed, failed, warned, skipped, verdict-<profile>.
# Exit code: the suite's (0 passed, 1 MUST failure, 2 configuration or access, 3 the suite could not run).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

executable=""
fail_on_must=true
while [ $# -gt 0 ]; do
  case "$1" in
    --executable) executable=${2-}; shift 2 ;;
    --fail-on-must) fail_on_must=${2-}; shift 2 ;;
    --) shift; break ;;
    *) echo "check-target: unknown option $1 (suite arguments go after --)" >&2; exit 2 ;;
  esac
done
case "$fail_on_must" in
  true|false) ;;
  *) echo "check-target: --fail-on-must takes true or false, not '$fail_on_must'" >&2; exit 2 ;;
esac

executable=$("$root/ci/resolve-executable.sh" "$executable") || exit 3

# The folder is fixed here, whatever conformance.json says, so that this script knows where the reports are.
report_dir=$(realpath -m "${CONFORMANCE__RUN__REPORTDIR:-oci-conformance-report}")
export CONFORMANCE__RUN__REPORTDIR="$report_dir"

"$executable" "$@"
code=$?

results="$report_dir/results.json"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "report-dir=$report_dir"
    [ -f "$results" ] && python3 "$root/ci/report-outputs.py" "$results"
  } >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$report_dir/summary.md" ]; then
  cat "$report_dir/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi

echo "check-target: exit code $code, reports in $report_dir"
if [ "$code" -eq 1 ] && [ "$fail_on_must" = false ]; then
  exit 0
fi
exit "$code"
