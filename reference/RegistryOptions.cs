namespace OciConformance.Reference;

/// <summary>How the registry authenticates requests to <c>/v2/</c>.</summary>
public enum RegistryAuthMode
{
    None,
    Basic,
    Token,
}

/// <summary>A registry account; <paramref name="Actions"/> holds "pull", "push" and/or "delete".</summary>
public sealed record RegistryUser(string Name, string Password, IReadOnlyList<string> Actions);

/// <summary>Everything that shapes one reference registry instance.</summary>
public sealed record RegistryOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port at start.</summary>
    public int Port { get; init; }

    /// <summary>Folder for blobs and metadata; null keeps everything in memory.</summary>
    public string? StoragePath { get; init; }

    /// <summary>Off: the referrers endpoint answers 404, as a registry that only supports the tag-schema fallback.</summary>
    public bool ReferrersApi { get; init; } = true;

    /// <summary>Proposal: accept <c>application/vnd.oci.artifact.manifest.v1+json</c> and list it as a referrer.</summary>
    public bool ArtifactManifest { get; init; }

    /// <summary>Accept the ORAS artifact manifest and serve the ORAS referrers extension.</summary>
    public bool OrasArtifacts { get; init; }

    /// <summary>
    /// Proposal (opencontainers/artifacts pull request 37, a draft): accept <c>application/vnd.oci.object.manifest.v1+json</c>,
    /// whose components of rtype blob and reference are its links, which must exist like an image manifest's.
    /// </summary>
    public bool ObjectManifest { get; init; }

    /// <summary>
    /// On: a JSON object manifest of any other media type (including a proposal's whose switch is off) is stored byte
    /// for byte and served back with its media type, as a registry that keeps what it does not understand. Nothing is
    /// read from it: no subject, no descriptors, so it is in no referrers list and its subject is not checked.
    /// </summary>
    public bool OpaqueManifests { get; init; }

    /// <summary>On: a mount without <c>from</c> looks for the blob in every repository the caller may read (a MAY of the spec).</summary>
    public bool MountWithoutFrom { get; init; }

    /// <summary>Off: deletes of manifests, tags and blobs answer 405 UNSUPPORTED.</summary>
    public bool DeleteEnabled { get; init; } = true;

    /// <summary>On: every write answers 405 UNSUPPORTED.</summary>
    public bool ReadOnly { get; init; }

    public RegistryAuthMode Auth { get; init; }

    public IReadOnlyList<RegistryUser> Users { get; init; } = [];

    /// <summary>With token auth: a token request without credentials gets a pull token for any repository.</summary>
    public bool AnonymousPull { get; init; }

    /// <summary>0: one page; n &gt; 0: at most n descriptors per referrers page, with a Link header.</summary>
    public int ReferrersPageSize { get; init; }

    /// <summary>Page cap for tags and catalog lists when the client gives no <c>n</c> (0: none).</summary>
    public int TagsPageSize { get; init; }

    public long MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Sees the method and the path (with its query) of every request as it arrives, for tests that watch the traffic.</summary>
    public Action<string, string>? OnRequest { get; init; }

    /// <summary>
    /// n &gt; 0: every nth request to <c>/v2/</c> is answered 429 TOOMANYREQUESTS with Retry-After, as a rate-limited
    /// public registry; 0: never.
    /// </summary>
    public int RateLimitEvery { get; init; }

    /// <summary>The Retry-After, in seconds, of those 429 answers.</summary>
    public int RateLimitRetryAfterSeconds { get; init; } = 1;

    /// <summary>The byte the <c>chunk-corrupt-at-offset</c> fault flips: 2 GiB, past where 32-bit offsets wrap.</summary>
    public long CorruptOffset { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Names from <see cref="RegistryFaults.All"/>; each breaks one rule on purpose.</summary>
    public IReadOnlySet<string> Faults { get; init; } = new HashSet<string>();
}
