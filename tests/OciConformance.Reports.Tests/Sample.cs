using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Reports.Tests;

/// <summary>Reports built in code, covering every outcome, so each writer can be tested without a registry.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public const string Link = "https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs";

    public static RunReport Report(string runId = "run00001", IEnumerable<CaseResult>? cases = null, ProductInfo? product = null, IReadOnlyDictionary<string, string>? configuration = null, string toolVersion = "1.2.0", string tool = "oci-conformance")
    {
        var list = (cases ?? AllOutcomes()).ToList();
        var profiles = new[] { "pull", "push", "discovery" };
        return new RunReport
        {
            Header = new RunHeader
            {
                Tool = tool,
                ToolVersion = toolVersion,
                ToolCommit = "0123456789abcdef0123456789abcdef01234567",
                RunId = runId,
                Target = new TargetInfo("registry.test (http://127.0.0.1:5000/)", "http://127.0.0.1:5000/", false),
                Specs = [new SpecInfo("distribution-spec", "v1.1.1", "https://github.com/opencontainers/distribution-spec/blob/main/spec.md")],
                Configuration = configuration ?? new Dictionary<string, string>
                {
                    ["profiles.pull"] = "true",
                    ["profiles.push"] = "true",
                    ["profiles.discovery"] = "false",
                    ["target.password"] = "***",
                },
                StartedAt = Start,
                FinishedAt = Start.AddSeconds(3),
                Product = product,
            },
            Profiles = [.. profiles.Select(p => new ProfileVerdict
            {
                Profile = p,
                Enabled = p != "discovery",
                Verdict = p == "discovery" ? Outcome.NotRun : list.Where(c => c.Profile == p).Select(c => c.Outcome).Worst(),
                Counts = ReportBuilder.Count(list.Where(c => c.Profile == p)),
            })],
            Requirements = [.. list.SelectMany(c => c.Requirements).Distinct().Select(id => Requirement(id, list))],
            Cases = list,
            Totals = ReportBuilder.Count(list),
            Throttling = Throttling.Total(list),
            Coverage = new CoverageReport
            {
                Total = 10,
                Testable = 8,
                Covered = 5,
                Excepted = 1,
                Categories = [new CoverageCategory("pull", 6, 5, 4, 1), new CoverageCategory("push", 4, 3, 1, 0)],
                Uncovered =
                [
                    new UncoveredRequirement("dist.push.chunk-order", "push", "MUST", "no scenario checks it yet", false),
                    new UncoveredRequirement("dist.errors.retry-after", "pull", "SHOULD", "needs a 429; a run must not flood a registry", true),
                ],
            },
        };
    }

    /// <summary>A cleanup that deleted some of what the run created, found one item gone, and was refused the rest.</summary>
    public static CleanupReport Cleanup() => new()
    {
        Enabled = true,
        Items =
        [
            new CleanupItem { Kind = ContentKind.Tag, Repository = "conformance/blob-get-run", Reference = "v1", Case = "blob-get", State = CleanupState.Deleted },
            new CleanupItem { Kind = ContentKind.Manifest, Repository = "conformance/blob-get-run", Reference = "sha256:" + new string('a', 64), Case = "blob-get", Size = 512, MediaType = "application/vnd.oci.image.manifest.v1+json", State = CleanupState.Deleted },
            new CleanupItem { Kind = ContentKind.Manifest, Repository = "conformance/manifest-get-run", Reference = "sha256:" + new string('b', 64), Case = "manifest-get", Size = 300, Subject = "sha256:" + new string('a', 64), State = CleanupState.AlreadyGone },
            new CleanupItem { Kind = ContentKind.Blob, Repository = "conformance/blob-range-run", Reference = "sha256:" + new string('c', 64), Case = "blob-range", Size = 3 * 1024 * 1024, State = CleanupState.Left, Reason = "DELETE answered 405 UNSUPPORTED: blob deletion is disabled" },
            new CleanupItem { Kind = ContentKind.Blob, Repository = "conformance/blob-range-run", Reference = "sha256:" + new string('d', 64), Case = "blob-range", Size = 1024, State = CleanupState.Left, Reason = "DELETE answered 405 UNSUPPORTED: blob deletion is disabled" },
        ],
    };

    public static IEnumerable<CaseResult> AllOutcomes() =>
    [
        Case("blob-get", "pull", Outcome.Passed),
        Case("blob-range", "pull", Outcome.NotSupported, message: "optional feature range-requests is not offered"),
        Case("manifest-get", "pull", Outcome.Failed, message: "dist.pull.manifest-get: status is 200: expected 200, got 404"),
        Case("tags-order", "pull", Outcome.Warning, level: "SHOULD", message: "tags are not in lexical order"),
        Case("blob-post-put", "push", Outcome.Blocked, message: "blocked by dist.push.upload-post-accepted"),
        Case("blob-mount", "push", Outcome.Error, message: "fixture names an unknown blob"),
        Case("tags-list", "discovery", Outcome.NotRun, message: "profile 'discovery' is switched off in configuration"),
    ];

    /// <summary>A run the registry throttled: one case waited twice for a 429 and passed, one was blocked by a 429 that stood.</summary>
    public static RunReport Throttled() => Report(cases:
    [
        Case("blob-get", "pull", Outcome.Passed) with
        {
            Throttling = new Throttling(2, 2),
            Exchanges = [Exchange(1, "POST", 202), Exchange(2, "GET", 429) with { RateLimit = "waited 1 s (as Retry-After asked), then sent it again" }, Exchange(3, "GET", 200)],
        },
        Case("tags-list", "pull", Outcome.Blocked, message: "blocked by rate-limit in step 'list the tags'") with { BlockedBy = AccessBlock.RateLimit, Throttling = new Throttling(1, 0) },
    ]);

    public static CaseResult Case(string id, string profile, Outcome outcome, string level = "MUST", string? message = null)
    {
        var requirement = $"dist.{profile}.{id}";
        var failed = outcome is Outcome.Failed or Outcome.Warning;
        return new CaseResult
        {
            Id = id,
            Title = $"Scenario {id} <checks & more>",
            Profile = profile,
            Requirements = [requirement],
            Level = level,
            Outcome = outcome,
            Message = message,
            BlockedBy = outcome == Outcome.Blocked ? "dist.push.upload-post-accepted" : null,
            Repository = $"conformance/{id}-run",
            Target = "registry.test",
            DurationMs = 12.5,
            StartedAt = Start.AddMilliseconds(100),
            File = $"{profile}.json",
            Checks =
            [
                new CheckResult { Requirement = requirement, Level = level, Passed = true, Description = "status is 202", Step = "open an upload", Exchange = 1 },
                new CheckResult { Requirement = requirement, Level = level, Passed = !failed, Description = "status is 200", Expected = "200", Actual = failed ? "404" : "200", Step = "GET the manifest", Exchange = 2 },
            ],
            Exchanges = [Exchange(1, "POST", 202), Exchange(2, "GET", failed ? 404 : 200)],
        };
    }

    private static HttpExchange Exchange(int sequence, string method, int status) => new()
    {
        Sequence = sequence,
        Method = method,
        Url = $"http://127.0.0.1:5000/v2/conformance/x/manifests/latest?n={sequence}",
        RequestHeaders = [new HeaderLine("Authorization", "***")],
        Status = status,
        ResponseHeaders = [new HeaderLine("Content-Type", "application/json")],
        ResponseBody = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}",
        ResponseLength = 40,
        DurationMs = 3,
    };

    private static RequirementOutcome Requirement(string id, List<CaseResult> cases)
    {
        var related = cases.Where(c => c.Requirements.Contains(id)).ToList();
        var failing = related.Where(c => c.Outcome is Outcome.Failed or Outcome.Warning).ToList();
        return new RequirementOutcome
        {
            Id = id,
            Title = $"Title of {id}",
            Level = related[0].Level,
            Profile = related[0].Profile,
            Link = Link,
            Outcome = related.Select(c => c.Outcome).Worst(),
            Cases = [.. related.Select(c => c.Id)],
            FailedCases = [.. failing.Select(c => c.Id)],
            Message = failing.Count > 0 ? "status is 200: expected 200, got 404" : null,
        };
    }
}
