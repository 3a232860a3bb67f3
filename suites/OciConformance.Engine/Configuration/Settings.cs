namespace OciConformance.Configuration;

/// <summary>
/// Every setting, declared once. The loader, the redacted view, the runner's flags and help, and the README table are
/// built from this list; the schema states the values each accepts, and tests hold the two together. Settings bind
/// in this order, so a later one sees the earlier ones: <c>run.only</c> the profiles, <c>targets</c> the single target.
/// </summary>
public static class Settings
{
    /// <summary>
    /// The distribution-spec suite's workflow switches, one per profile it knows. First, because static members are
    /// initialised in the order written and the profile switches read it.
    /// </summary>
    private static readonly Dictionary<string, string> Workflows = new(StringComparer.Ordinal)
    {
        [Profiles.Pull] = "OCI_TEST_PULL",
        [Profiles.Push] = "OCI_TEST_PUSH",
        [Profiles.Discovery] = "OCI_TEST_CONTENT_DISCOVERY",
        [Profiles.Management] = "OCI_TEST_CONTENT_MANAGEMENT",
    };

    public static Setting TargetUrl { get; } = new Setting<Uri?>
    {
        Key = "target.url",
        Flag = "--target",
        ValueName = "URL",
        Oci = new("OCI_ROOT_URL"),
        Help = "base URL of the registry under test",
        Unset = "embedded reference registry",
        Type = SettingTypes.Url,
        Get = o => o.Target.Url,
        Set = (o, v) => o with { Target = o.Target with { Url = v } },
    };

    public static Setting Namespace { get; } = new Setting<string?>
    {
        Key = "target.namespace",
        Flag = "--namespace",
        ValueName = "NAME",
        Oci = new("OCI_NAMESPACE"),
        Help = "repository namespace the suite pushes under, one repository per case and run",
        Type = SettingTypes.Text,
        Get = o => o.Target.Namespace,
        Set = (o, v) => o with { Target = o.Target with { Namespace = v ?? o.Target.Namespace } },
    };

    public static Setting Username { get; } = new Setting<string?>
    {
        Key = "target.username",
        Flag = "--username",
        ValueName = "USER",
        Oci = new("OCI_USERNAME"),
        Help = "user for Basic or token authentication",
        Type = SettingTypes.Text,
        Get = o => o.Target.Username,
        Set = (o, v) => o with { Target = o.Target with { Username = v } },
    };

    public static Setting Password { get; } = new Setting<string?>
    {
        Key = "target.password",
        Flag = "--password",
        ValueName = "SECRET",
        Oci = new("OCI_PASSWORD"),
        Help = "its password (prefer OCI_PASSWORD in the environment); never shown",
        IsSecret = true,
        Type = SettingTypes.Text,
        Get = o => o.Target.Password,
        Set = (o, v) => o with { Target = o.Target with { Password = v } },
    };

    public static Setting CrossMountNamespace { get; } = new Setting<string?>
    {
        Key = "target.crossMountNamespace",
        Flag = "--cross-mount-namespace",
        ValueName = "NAME",
        Oci = new("OCI_CROSSMOUNT_NAMESPACE"),
        Help = "a second namespace, the source of cross-repository mounts",
        Unset = "target.namespace",
        Type = SettingTypes.Text,
        Get = o => o.Target.CrossMountNamespace,
        Set = (o, v) => o with { Target = o.Target with { CrossMountNamespace = v } },
    };

    public static Setting PullOnlyUsername { get; } = new Setting<string?>
    {
        Key = "auth.pullOnlyUsername",
        Flag = "--pull-only-username",
        ValueName = "USER",
        Help = "a second account that may pull but not push, for the auth profile's refusal checks",
        Type = SettingTypes.Text,
        Get = o => o.Auth.PullOnlyUsername,
        Set = (o, v) => o with { Auth = o.Auth with { PullOnlyUsername = v } },
    };

    public static Setting PullOnlyPassword { get; } = new Setting<string?>
    {
        Key = "auth.pullOnlyPassword",
        Flag = "--pull-only-password",
        ValueName = "SECRET",
        Help = "its password; never shown",
        IsSecret = true,
        Type = SettingTypes.Text,
        Get = o => o.Auth.PullOnlyPassword,
        Set = (o, v) => o with { Auth = o.Auth with { PullOnlyPassword = v } },
    };

    /// <summary><c>profiles.pull</c> … one switch per profile, in the order of <see cref="Profiles.All"/>.</summary>
    public static IReadOnlyList<Setting> ProfileSwitches { get; } = [.. Profiles.All.Select(ProfileSwitch)];

    public static Setting Only { get; } = new Setting<IReadOnlyList<string>>
    {
        Key = "run.only",
        Flag = "--profiles",
        ValueName = "a,b",
        Help = "run only these profiles, every other one off",
        Unset = "all",
        Type = SettingTypes.List,
        Set = (o, v) => o with { Profiles = Profiles.All.ToDictionary(p => p, v.Contains, StringComparer.Ordinal) },
    };

    public static Setting Skip { get; } = new Setting<IReadOnlyList<string>>
    {
        Key = "run.skip",
        Flag = "--skip-profiles",
        ValueName = "a,b",
        Help = "switch these profiles off",
        Type = SettingTypes.List,
        Set = (o, v) => o with { Profiles = o.Profiles.ToDictionary(p => p.Key, p => p.Value && !v.Contains(p.Key), StringComparer.Ordinal) },
    };

    public static Setting Scenarios { get; } = new Setting<IReadOnlyList<string>>
    {
        Key = "run.scenarios",
        Flag = "--scenarios",
        ValueName = "a,b",
        Help = "run only these scenarios (ids from --list)",
        Unset = "all",
        Type = SettingTypes.List,
        Get = o => o.Run.Scenarios,
        Set = (o, v) => o with { Run = o.Run with { Scenarios = v } },
    };

    public static Setting Parallelism { get; } = new Setting<int>
    {
        Key = "run.parallelism",
        Flag = "--parallel",
        ValueName = "N",
        Help = "cases run at once",
        Type = SettingTypes.WholeNumber,
        Get = o => o.Run.Parallelism,
        Set = (o, v) => o with { Run = o.Run with { Parallelism = v } },
    };

    public static Setting RequestTimeout { get; } = new Setting<int>
    {
        Key = "run.requestTimeoutSeconds",
        Flag = "--timeout",
        ValueName = "SECONDS",
        Help = "time-out of one request, in seconds",
        Type = SettingTypes.WholeNumber,
        Get = o => (int)o.Run.RequestTimeout.TotalSeconds,
        Set = (o, v) => o with { Run = o.Run with { RequestTimeout = TimeSpan.FromSeconds(v) } },
    };

    public static Setting ReportDir { get; } = new Setting<string?>
    {
        Key = "run.reportDir",
        Flag = "--output",
        ValueName = "DIR",
        Oci = new("OCI_REPORT_DIR"),
        Help = "report folder",
        Type = SettingTypes.Folder,
        Get = o => o.Run.ReportDir,
        Set = (o, v) => o with { Run = o.Run with { ReportDir = v ?? o.Run.ReportDir } },
    };

    public static Setting SpecVersion { get; } = new Setting<string?>
    {
        Key = "run.specVersion",
        Flag = "--spec-version",
        ValueName = "V",
        Oci = new("OCI_SPEC_VERSION"),
        Help = "distribution-spec version to check against",
        Type = SettingTypes.Text,
        Get = o => o.Run.SpecVersion,
        Set = (o, v) => o with { Run = o.Run with { SpecVersion = v ?? o.Run.SpecVersion } },
    };

    public static Setting BundleDir { get; } = new Setting<string?>
    {
        Key = "run.bundleDir",
        Flag = "--bundle",
        ValueName = "DIR",
        Help = "also write a certification bundle there (results, JUnit, HTML, PRODUCT.yaml from product.*, README.md)",
        Type = SettingTypes.Folder,
        Get = o => o.Run.BundleDir,
        Set = (o, v) => o with { Run = o.Run with { BundleDir = v } },
    };

    public static Setting Debug { get; } = new Setting<bool>
    {
        Key = "run.debug",
        Flag = "--debug",
        Oci = new("OCI_DEBUG"),
        Help = "print the exchanges behind every case that did not pass",
        Type = SettingTypes.Switch,
        Get = o => o.Run.Debug,
        Set = (o, v) => o with { Run = o.Run with { Debug = v } },
    };

    public static Setting RetryAfterMax { get; } = RateLimit(
        "retryAfterMaxSeconds", "--retry-after-max", "SECONDS", "longest a request may wait, in all, on 429 answers before the 429 stands and blocks its case",
        r => (int)r.RequestBudget.TotalSeconds, (r, v) => r with { RequestBudget = TimeSpan.FromSeconds(v) });

    public static Setting RateLimitBudget { get; } = RateLimit(
        "rateLimitBudgetSeconds", "--rate-limit-budget", "SECONDS", "longest the whole run may wait on 429 answers, every wait counted in full",
        r => (int)r.RunBudget.TotalSeconds, (r, v) => r with { RunBudget = TimeSpan.FromSeconds(v) });

    public static Setting MaxRequestsPerSecond { get; } = RateLimit(
        "maxRequestsPerSecond", "--max-requests-per-second", "N", "requests a second the client sends at most, over the whole run, for public registries; 0 leaves it unpaced",
        r => r.MaxRequestsPerSecond, (r, v) => r with { MaxRequestsPerSecond = v });

    public static Setting Cleanup { get; } = new Setting<bool>
    {
        Key = "run.cleanup",
        Flag = "--cleanup",
        ValueName = "true/false",
        Help = "delete what the run created once it ends (false keeps it; tidy removes it later)",
        Type = SettingTypes.Switch,
        Get = o => o.Run.Cleanup,
        Set = (o, v) => o with { Run = o.Run with { Cleanup = v } },
    };

    public static Setting DeclaredProposals { get; } = new Setting<IReadOnlyList<string>>
    {
        Key = "run.proposals",
        Flag = "--proposals",
        ValueName = "a,b",
        Help = "proposals the registry implements: their rules bind even where it shows no signal of them",
        Type = SettingTypes.List,
        Get = o => o.Run.Proposals,
        Set = (o, v) => o with { Run = o.Run with { Proposals = v } },
    };

    public static Setting ReferrersApi { get; } = EmbeddedSwitch("referrersApi", "the embedded registry serves the referrers API", (e, v) => e with { ReferrersApi = v }, e => e.ReferrersApi);

    public static Setting ArtifactManifest { get; } = EmbeddedSwitch("artifactManifest", "the embedded registry accepts OCI artifact manifests", (e, v) => e with { ArtifactManifest = v }, e => e.ArtifactManifest);

    public static Setting OrasArtifacts { get; } = EmbeddedSwitch("orasArtifacts", "the embedded registry serves ORAS artifacts", (e, v) => e with { OrasArtifacts = v }, e => e.OrasArtifacts);

    public static Setting StoragePath { get; } = new Setting<string?>
    {
        Key = "embedded.storagePath",
        Flag = "--embedded-storage",
        ValueName = "DIR",
        Help = "keep the embedded registry's content in DIR",
        Unset = "in memory",
        Type = SettingTypes.Folder,
        Get = o => o.Embedded.StoragePath,
        Set = (o, v) => o with { Embedded = o.Embedded with { StoragePath = v } },
    };

    public static IReadOnlyList<Setting> Product { get; } =
    [
        ProductText("name", "product name, for the certification bundle's PRODUCT.yaml", p => p.Name, (p, v) => p with { Name = v }),
        ProductText("version", "product version", p => p.Version, (p, v) => p with { Version = v }),
        ProductText("vendor", "product vendor", p => p.Vendor, (p, v) => p with { Vendor = v }),
        ProductText("url", "product home page", p => p.Url, (p, v) => p with { Url = v }),
    ];

    public static Setting ReadOnlyReferences { get; } = new Setting<IReadOnlyList<string>>
    {
        Key = "readOnly.references",
        Flag = "--reference",
        ValueName = "REF,REF",
        Help = "content the registry already holds, for the read-only profile: repository:tag or repository@digest of a manifest or index",
        Type = SettingTypes.List,
        Get = o => o.ReadOnly.References,
        Set = (o, v) => o with { ReadOnly = o.ReadOnly with { References = [.. v.Select(r => ContentReference.Parse(r).ToString())] } },
    };

    public static Setting ReadOnlyTags { get; } = ReadOnlyList("tags", "OCI_TAG_NAME", "tags of target.namespace to read, as the distribution-spec suite names them", (r, v) => r with { Tags = v }, r => r.Tags);

    public static Setting ReadOnlyTagList { get; } = ReadOnlyList("tagList", "OCI_TAG_LIST", "tags of target.namespace its tags list holds, as that suite names them for discovery", (r, v) => r with { TagList = v }, r => r.TagList);

    public static Setting ReadOnlyManifests { get; } = ReadOnlyList("manifests", "OCI_MANIFEST_DIGEST", "manifest digests in target.namespace to read", (r, v) => r with { Manifests = v }, r => r.Manifests);

    public static Setting ReadOnlyBlobs { get; } = ReadOnlyList("blobs", "OCI_BLOB_DIGEST", "blob digests in target.namespace to read as blobs", (r, v) => r with { Blobs = v }, r => r.Blobs);

    public static Setting ByteBudget { get; } = new Setting<int>
    {
        Key = "readOnly.byteBudget",
        Flag = "--byte-budget",
        ValueName = "BYTES",
        Help = "a blob larger than this is checked by HEAD and Range samples, its digest not verified",
        Type = SettingTypes.WholeNumber,
        Get = o => o.ReadOnly.ByteBudget,
        Set = (o, v) => o with { ReadOnly = o.ReadOnly with { ByteBudget = v } },
    };

    public static Setting WholeDownloads { get; } = new Setting<bool>
    {
        Key = "readOnly.wholeDownloads",
        Flag = "--whole-downloads",
        Help = "download and verify every blob whole, whatever readOnly.byteBudget says",
        Type = SettingTypes.Switch,
        Get = o => o.ReadOnly.WholeDownloads,
        Set = (o, v) => o with { ReadOnly = o.ReadOnly with { WholeDownloads = v } },
    };

    public static Setting ReadOnlyOnly { get; } = new Setting<bool>
    {
        Key = "readOnly.only",
        Flag = "--read-only",
        Help = "run only the read-only profile (as --profiles read-only): nothing is pushed or deleted",
        Unset = "off",
        Type = SettingTypes.Switch,
        Set = (o, v) => v ? o with { Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.ReadOnly, StringComparer.Ordinal) } : o,
    };

    /// <summary>The settings that name existing content for the read-only profile; without any of them it has nothing to read.</summary>
    public static IReadOnlyList<Setting> ReadOnlyContent { get; } = [ReadOnlyReferences, ReadOnlyTags, ReadOnlyTagList, ReadOnlyManifests, ReadOnlyBlobs];

    /// <summary>The read-only settings, kept together: the content to read and how much of it to download.</summary>
    public static IReadOnlyList<Setting> ReadOnly { get; } = [.. ReadOnlyContent, ByteBudget, WholeDownloads, ReadOnlyOnly];

    public static Setting ScaleBlobSize { get; } = new Setting<long>
    {
        Key = "scale.blobSize",
        Flag = "--scale-blob-size",
        ValueName = "BYTES",
        Help = "size of the scale profile's large blob, pushed whole and in chunks, pulled whole and resumed with Range; generated as it is sent, never held",
        Type = SettingTypes.ByteCount,
        Get = o => o.Scale.BlobSize,
        Set = (o, v) => o with { Scale = o.Scale with { BlobSize = v } },
    };

    public static Setting ScaleChunkSize { get; } = new Setting<long>
    {
        Key = "scale.chunkSize",
        Flag = "--scale-chunk-size",
        ValueName = "BYTES",
        Help = "chunk size of the scale profile's chunked upload, raised to the registry's OCI-Chunk-Min-Length when that is larger",
        Type = SettingTypes.ByteCount,
        Get = o => o.Scale.ChunkSize,
        Set = (o, v) => o with { Scale = o.Scale with { ChunkSize = v } },
    };

    public static Setting ScaleTags { get; } = ScaleCount("tags", "tags the scale profile pushes to one repository and lists through n, last and Link", s => s.Tags, (s, v) => s with { Tags = v });

    public static Setting ScaleReferrers { get; } = ScaleCount("referrers", "referrers of one subject the scale profile pushes and lists page by page, with and without an artifactType filter", s => s.Referrers, (s, v) => s with { Referrers = v });

    public static Setting ScaleConcurrency { get; } = ScaleCount("concurrency", "writes the scale profile sends at once: distinct blobs, one blob, updates of one tag", s => s.Concurrency, (s, v) => s with { Concurrency = v });

    public static Setting ScaleOnly { get; } = new Setting<bool>
    {
        Key = "scale.only",
        Flag = "--scale",
        Help = "run only the scale profile (as --profiles scale), at the sizes scale.* give",
        Unset = "off",
        Type = SettingTypes.Switch,
        Set = (o, v) => v ? o with { Profiles = Profiles.All.ToDictionary(p => p, p => p == Profiles.Scale, StringComparer.Ordinal) } : o,
    };

    /// <summary>The scale settings, kept together: the sizes and counts, then the switch.</summary>
    public static IReadOnlyList<Setting> Scale { get; } = [ScaleBlobSize, ScaleChunkSize, ScaleTags, ScaleReferrers, ScaleConcurrency, ScaleOnly];

    /// <summary>The settings a <c>targets</c> entry may set for itself, each under the last part of its key.</summary>
    public static IReadOnlyList<Setting> TargetFields { get; } = [TargetUrl, Namespace, Username, Password, ReferrersApi, ArtifactManifest, OrasArtifacts];

    public static Setting Artifacts { get; } = new Setting<IReadOnlyList<string>>
    {
        Key = "artifacts",
        Flag = "--artifact",
        ValueName = "PATH",
        Repeatable = true,
        Help = "artifacts to run the round trip with, besides the packs of fixtures/artifacts/: OCI image layout folders (skopeo, oras, umoci) or folders with a manifest.json and its blobs",
        Type = SettingTypes.Folders,
        Get = o => o.Artifacts,
        Set = (o, v) => o with { Artifacts = v },
    };

    public static Setting Targets { get; } = new TargetsSetting
    {
        Key = "targets",
        Flag = "--targets",
        ValueName = "a=URL,b=URL",
        Help = "several registries in one run (empty URL: embedded), one report folder each, then matrix.html side by side",
        Fields = TargetFields,
    };

    /// <summary>Every setting, in binding order.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        TargetUrl, Namespace, Username, Password, CrossMountNamespace,
        PullOnlyUsername, PullOnlyPassword,
        .. ProfileSwitches, Only, Skip,
        Scenarios, Parallelism, RequestTimeout, ReportDir, SpecVersion, BundleDir, Debug,
        RetryAfterMax, RateLimitBudget, MaxRequestsPerSecond, Cleanup, DeclaredProposals,
        ReferrersApi, ArtifactManifest, OrasArtifacts, StoragePath,
        .. Product,
        .. ReadOnly,
        .. Scale,
        Targets,
        Artifacts,
    ];

    private static Setting<bool> ProfileSwitch(string profile) => new()
    {
        Key = $"profiles.{profile}",
        Oci = Workflows.TryGetValue(profile, out var variable) ? new OciVariable(variable, IsWorkflowSwitch: true) : null,
        Help = $"run the {profile} profile (off: reported as not tested)",
        Type = SettingTypes.Switch,
        Get = o => o.IsProfileEnabled(profile),
        Set = (o, v) => o with { Profiles = new Dictionary<string, bool>(o.Profiles, StringComparer.Ordinal) { [profile] = v } },
    };

    private static Setting<bool> EmbeddedSwitch(string name, string help, Func<EmbeddedOptions, bool, EmbeddedOptions> set, Func<EmbeddedOptions, bool> get) => new()
    {
        Key = $"embedded.{name}",
        Help = help,
        Type = SettingTypes.Switch,
        Get = o => get(o.Embedded),
        Set = (o, v) => o with { Embedded = set(o.Embedded, v) },
    };

    private static Setting<IReadOnlyList<string>> ReadOnlyList(string name, string variable, string help, Func<ReadOnlyOptions, IReadOnlyList<string>, ReadOnlyOptions> set, Func<ReadOnlyOptions, IReadOnlyList<string>> get) => new()
    {
        Key = $"readOnly.{name}",
        Oci = new(variable),
        Help = help,
        Type = SettingTypes.Words,
        Get = o => get(o.ReadOnly),
        Set = (o, v) => o with { ReadOnly = set(o.ReadOnly, v) },
    };

    private static Setting<int> RateLimit(string name, string flag, string valueName, string help, Func<Http.RateLimits, int> get, Func<Http.RateLimits, int, Http.RateLimits> set) => new()
    {
        Key = $"run.{name}",
        Flag = flag,
        ValueName = valueName,
        Help = help,
        Type = SettingTypes.WholeNumber,
        Get = o => get(o.Run.RateLimits),
        Set = (o, v) => o with { Run = o.Run with { RateLimits = set(o.Run.RateLimits, v) } },
    };

    private static Setting<int> ScaleCount(string name, string help, Func<ScaleOptions, int> get, Func<ScaleOptions, int, ScaleOptions> set) => new()
    {
        Key = $"scale.{name}",
        Flag = $"--scale-{name}",
        ValueName = "N",
        Help = help,
        Type = SettingTypes.WholeNumber,
        Get = o => get(o.Scale),
        Set = (o, v) => o with { Scale = set(o.Scale, v) },
    };

    private static Setting<string?> ProductText(string name, string help, Func<ProductOptions, string?> get, Func<ProductOptions, string?, ProductOptions> set) => new()
    {
        Key = $"product.{name}",
        Help = help,
        Type = SettingTypes.Text,
        Get = o => get(o.Product),
        Set = (o, v) => o with { Product = set(o.Product, v) },
    };
}
