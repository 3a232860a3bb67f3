namespace OciConformance.Configuration;

/// <summary>The conformance profiles of the brief; a report gives one verdict per profile.</summary>
public static class Profiles
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Discovery = "discovery";
    public const string Management = "management";
    public const string Referrers = "referrers";
    public const string ReferrersFallback = "referrers-fallback";
    public const string ArtifactManifest = "artifact-manifest";
    public const string OrasArtifacts = "oras-artifacts";
    public const string ObjectManifest = "object-manifest";
    public const string DockerCompat = "docker-compat";
    public const string Auth = "auth";
    public const string Errors = "errors";
    public const string Formats = "formats";

    /// <summary>Checks content that already exists and sends no write: for a registry the suite may only pull from.</summary>
    public const string ReadOnly = "read-only";

    /// <summary>Large blobs, long tag and referrer lists and concurrent writes, at sizes <c>scale.*</c> sets; off by default.</summary>
    public const string Scale = "scale";

    /// <summary>The artifact round trip, run once per artifact pack and per layout the <c>artifacts</c> setting names.</summary>
    public const string Artifacts = "artifacts";

    public static IReadOnlyList<string> All { get; } =
    [
        Pull, Push, Discovery, Management, Referrers, ReferrersFallback, ArtifactManifest, OrasArtifacts, ObjectManifest, DockerCompat, Auth, Errors, Formats, ReadOnly, Scale, Artifacts,
    ];

    /// <summary>Profiles a run leaves off unless switched on: each needs what only the operator can give (accounts, time).</summary>
    public static IReadOnlyList<string> OffByDefault { get; } = [Auth, Scale];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
