namespace OciConformance.Results;

/// <summary>
/// Everything a run found, as written to <c>results.json</c> (schemas/results.v1.schema.json). Every other report
/// format is rendered from this record, never from the tests.
/// </summary>
public sealed record RunReport
{
    public const string SchemaId = "https://oci-conformance.example/schemas/results.v1.schema.json";

    public required RunHeader Header { get; init; }
    public required IReadOnlyList<ProfileVerdict> Profiles { get; init; }
    public required IReadOnlyList<RequirementOutcome> Requirements { get; init; }
    public required IReadOnlyList<CaseResult> Cases { get; init; }
    public required IReadOnlyDictionary<string, int> Totals { get; init; }
    public required CoverageReport Coverage { get; init; }

    /// <summary>The 429s of every case and the time waited for them, added up.</summary>
    public Throttling Throttling { get; init; } = Throttling.None;

    /// <summary>What the run created in the registry and what it deleted again; null when it did not clean up (the NUnit suites).</summary>
    public CleanupReport? Cleanup { get; init; }

    /// <summary>
    /// True when a MUST-level check failed anywhere, setup steps included: the run's exit code says so. A check the
    /// registry's access refusal or throttling kept from being judged does not count, nor one only a table asks for.
    /// </summary>
    public bool HasMandatoryFailure => Cases.Any(c => c.Outcome == Outcome.Failed)
        || Cases.SelectMany(c => c.Checks).Any(c => !c.Passed && c.Gate is null && c.BlockedBy is null && c.Inferred is null && c.Level is "MUST" or "MUST NOT");

    public bool HasSuiteError => Cases.Any(c => c.Outcome == Outcome.Error);
}

public sealed record RunHeader
{
    public required string Tool { get; init; }
    public required string ToolVersion { get; init; }
    public string? ToolCommit { get; init; }
    public required string RunId { get; init; }
    public required TargetInfo Target { get; init; }
    public required IReadOnlyList<SpecInfo> Specs { get; init; }
    public required IReadOnlyDictionary<string, string> Configuration { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The product under test as its vendor names it, for certification bundles; null when not configured.</summary>
    public ProductInfo? Product { get; init; }
}

public sealed record ProductInfo(string Name, string? Version, string? Vendor, string? Url);

public sealed record TargetInfo(string Name, string Url, bool Embedded);

public sealed record SpecInfo(string Name, string Version, string Document);

/// <summary>A profile's verdict: the worst outcome among its cases, or not run when switched off.</summary>
public sealed record ProfileVerdict
{
    public required string Profile { get; init; }
    public required bool Enabled { get; init; }
    public required Outcome Verdict { get; init; }
    public required IReadOnlyDictionary<string, int> Counts { get; init; }
}

/// <summary>One requirement across every case that checked it: a deviation reads as one broken requirement.</summary>
public sealed record RequirementOutcome
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Level { get; init; }
    public required string Profile { get; init; }
    public required string Link { get; init; }
    public required Outcome Outcome { get; init; }
    public required IReadOnlyList<string> Cases { get; init; }
    public IReadOnlyList<string> FailedCases { get; init; } = [];

    /// <summary>What the first failing check saw, for the summary line.</summary>
    public string? Message { get; init; }
}
