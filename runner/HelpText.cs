using OciConformance.Configuration;

namespace OciConformance.Runner;

public static class HelpText
{
    public static string Render() => $"""
        Usage: dotnet run --project runner -- [options]
               dotnet run --project runner -- compare OLD/results.json NEW/results.json
               dotnet run --project runner -- matrix A/results.json B/results.json ... [--output DIR]
               dotnet run --project runner -- verify-bundle DIR

        Runs the OCI registry conformance suites against a registry and writes results.json, junit.xml,
        report.html, summary.md and allure-results/. With no target it starts the embedded reference registry.

        Options (each overrides conformance.json and the environment):
          --config FILE                 configuration file (default: conformance.json, searched upwards)
          --target URL                  registry base URL, e.g. http://127.0.0.1:5000 (empty: embedded)
          --targets a=URL,b=URL         several registries in one run (empty URL: embedded); one report
                                        folder each, then matrix.html comparing them side by side
          --namespace NAME              repository namespace the suite pushes under (default: conformance)
          --username USER               user for Basic or token authentication
          --password SECRET             its password (prefer OCI_PASSWORD in the environment)
          --cross-mount-namespace NAME  a second namespace for cross-repository mounts
          --profiles a,b                run only these profiles ({string.Join(", ", Profiles.All)})
          --skip-profiles a,b           switch these profiles off
          --scenarios a,b               run only these scenarios (ids from --list)
          --parallel N                  cases run at once (1-64, default 8)
          --timeout SECONDS             time-out of one request (default 30)
          --output DIR                  report folder (default reports/out)
          --spec-version V              distribution-spec version to check: 1.0, 1.1 or dev (default dev)
          --bundle DIR                  also write a certification bundle there (results, JUnit, HTML,
                                        PRODUCT.yaml from product.* in conformance.json, README.md)
          --debug                       more detail in the output
          --embedded-storage DIR        keep the embedded registry's content in DIR instead of memory
          --list                        list the scenarios and their requirements, then exit
          --help                        this text

        Exit codes: 0 no MUST-level check failed; 1 a MUST-level check failed; 2 bad configuration or fixtures;
        3 the suite itself could not run a case.

        Commands:
          compare OLD NEW               regressions first, then fixes, new and removed cases; exit 1 on a
                                        regression, 2 when the reports cannot be compared
          matrix A B ... [--output DIR] matrix.html and matrix.md: one column per registry, one row per scenario
          verify-bundle DIR             checks a certification bundle is complete, from one run, and passing

        """;
}
