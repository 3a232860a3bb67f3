namespace OciConformance.Configuration;

/// <summary>
/// The whole configuration of a run, after file, environment, test parameters and flags have been merged and checked.
/// The defaults written here are the defaults of the settings <see cref="Settings"/> declares.
/// </summary>
public sealed record ConformanceOptions
{
    /// <summary>Every setting at its default: what a run uses when nothing is configured.</summary>
    public static ConformanceOptions Defaults { get; } = new()
    {
        Target = new TargetOptions(),
        // The auth profile needs what only the operator can give (a registry that asks for credentials, a user and a
        // pull-only account), the scale profile minutes and gigabytes; each runs when switched on, every other by default.
        Profiles = Configuration.Profiles.All.ToDictionary(p => p, p => !Configuration.Profiles.OffByDefault.Contains(p), StringComparer.Ordinal),
        Run = new RunOptions(),
        Embedded = new EmbeddedOptions(),
    };

    public required TargetOptions Target { get; init; }
    public required IReadOnlyDictionary<string, bool> Profiles { get; init; }
    public required RunOptions Run { get; init; }
    public required EmbeddedOptions Embedded { get; init; }

    /// <summary>
    /// Several registries for one invocation (the impact matrix): each runs the whole suite in turn. Empty means
    /// the single <see cref="Target"/>.
    /// </summary>
    public IReadOnlyList<NamedTarget> Targets { get; init; } = [];

    /// <summary>The runs this configuration asks for: one per named target, or the single target.</summary>
    public IReadOnlyList<ConformanceOptions> PerTarget() => Targets.Count == 0
        ? [this]
        : [.. Targets.Select(t => this with
        {
            Target = t.Target with { Name = t.Name },
            Embedded = t.Embedded,
            Targets = [],
            Run = Run with { ReportDir = Path.Combine(Run.ReportDir, t.Name), BundleDir = null },
        })];
    public ProductOptions Product { get; init; } = new();

    /// <summary>Folders of artifacts (OCI image layouts, or a manifest.json with its blobs) to run the artifact round trip with.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];

    public AuthOptions Auth { get; init; } = new();

    /// <summary>The content the read-only profile reads, and how much of it it may download.</summary>
    public ReadOnlyOptions ReadOnly { get; init; } = new();

    /// <summary>The sizes and counts of the scale profile.</summary>
    public ScaleOptions Scale { get; init; } = new();

    public bool IsProfileEnabled(string profile) => Profiles.TryGetValue(profile, out var enabled) && enabled;

    /// <summary>The configuration as it may be shown in logs and reports, by setting key: secrets replaced.</summary>
    public IReadOnlyDictionary<string, string> Redacted() =>
        new SortedDictionary<string, string>(Settings.All.Where(s => s.IsShown).ToDictionary(s => s.Key, s => s.Shown(this)), StringComparer.Ordinal);
}

/// <summary>The registry under test. A null <see cref="Url"/> means the embedded reference registry.</summary>
public sealed record TargetOptions
{
    /// <summary>The name a multi-target run gives this registry (its report folder and matrix column).</summary>
    public string? Name { get; init; }

    public Uri? Url { get; init; }
    public string Namespace { get; init; } = "conformance";
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? CrossMountNamespace { get; init; }
    public bool IsEmbedded => Url is null;
}

public sealed record RunOptions
{
    public int Parallelism { get; init; } = 8;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public bool Debug { get; init; }
    public string ReportDir { get; init; } = "reports/out";

    /// <summary>
    /// The distribution-spec version to check against (<c>1.0</c>, <c>1.1</c> or <c>dev</c>): requirements outside
    /// it are not checked, and levels follow it where the catalog records a change.
    /// </summary>
    public string SpecVersion { get; init; } = Requirements.SpecVersions.Default;

    /// <summary>Where to write a certification bundle after the run; null writes none.</summary>
    public string? BundleDir { get; init; }

    /// <summary>Ids of the scenarios to run; empty runs them all.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>How long the client may wait on 429s, per request and per run, and how fast it may send.</summary>
    public Http.RateLimits RateLimits { get; init; } = new();

    /// <summary>Whether the run deletes what it created in the registry once its last case has ended.</summary>
    public bool Cleanup { get; init; } = true;

    /// <summary>
    /// Proposals (<see cref="Configuration.Proposals"/>) the registry's operator says it implements: their rules bind
    /// even where the registry shows no signal of them.
    /// </summary>
    public IReadOnlyList<string> Proposals { get; init; } = [];
}

/// <summary>The second account the auth profile needs: one that may pull but not push.</summary>
public sealed record AuthOptions
{
    public string? PullOnlyUsername { get; init; }
    public string? PullOnlyPassword { get; init; }
}

/// <summary>What a vendor calls the registry under test; goes into the certification bundle's PRODUCT.yaml.</summary>
public sealed record ProductOptions
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Vendor { get; init; }
    public string? Url { get; init; }

    public IEnumerable<KeyValuePair<string, string>> Entries()
    {
        (string Key, string? Value)[] all = [("name", Name), ("version", Version), ("vendor", Vendor), ("url", Url)];
        return all.Where(e => e.Value is not null).Select(e => KeyValuePair.Create(e.Key, e.Value!));
    }
}

/// <summary>One registry of a multi-target run, named for its report folder and its matrix column.</summary>
public sealed record NamedTarget(string Name, TargetOptions Target, EmbeddedOptions Embedded);

/// <summary>Switches of the embedded reference registry, used only when no target URL is configured.</summary>
public sealed record EmbeddedOptions
{
    public bool ReferrersApi { get; init; } = true;
    public bool ArtifactManifest { get; init; } = true;
    public bool OrasArtifacts { get; init; } = true;
    public string? StoragePath { get; init; }
}

public static class Secret
{
    public const string Mask = "***";
}
