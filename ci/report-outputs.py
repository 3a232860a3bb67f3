#!/usr/bin/env python3
"""Prints a run's verdicts and counts from its results.json as GitHub step outputs (name=value lines).

verdict-<profile> is the profile's verdict as results.json spells it, in kebab case (passed, failed, warning,
not-supported ...), or not-tested for a profile switched off. verdict is the worst verdict of the profiles run.
The counts add up cases as the suite's closing summary does: failed includes errors, skipped is everything that
neither passed, warned nor failed.
"""
import json
import re
import sys

# The suite's outcome order, best first: the worst one of the profiles run is the run's verdict.
ORDER = ["notRun", "notApplicable", "notSupported", "passed", "warning", "blocked", "failed", "error"]


def kebab(name):
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def main(path):
    with open(path, encoding="utf-8") as file:
        report = json.load(file)
    enabled = [p for p in report["profiles"] if p["enabled"]]
    for profile in report["profiles"]:
        verdict = kebab(profile["verdict"]) if profile["enabled"] else "not-tested"
        print(f"verdict-{profile['profile']}={verdict}")
    worst = max((p["verdict"] for p in enabled), key=ORDER.index, default="notRun")
    print(f"verdict={kebab(worst)}")
    totals = report["totals"]
    print(f"passed={totals['passed']}")
    print(f"failed={totals['failed'] + totals['error']}")
    print(f"warned={totals['warning']}")
    print(f"skipped={totals['notRun'] + totals['notApplicable'] + totals['notSupported'] + totals['blocked']}")


if __name__ == "__main__":
    main(sys.argv[1])
