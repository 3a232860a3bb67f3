namespace OciConformance.Configuration;

/// <summary>
/// How large the scale profile's work is: the blob it pushes and pulls, the chunks it sends it in, how many tags and
/// referrers it lists, and how many writes it sends at once.
/// </summary>
public sealed record ScaleOptions
{
    public const long MiB = 1024 * 1024;

    /// <summary>The one large blob, generated as it is sent: never held in memory or on disk.</summary>
    public long BlobSize { get; init; } = 1024 * MiB;

    /// <summary>The chunk the chunked upload sends, raised to the registry's OCI-Chunk-Min-Length when that is larger.</summary>
    public long ChunkSize { get; init; } = 64 * MiB;

    public int Tags { get; init; } = 10_000;

    public int Referrers { get; init; } = 1_000;

    public int Concurrency { get; init; } = 8;

    /// <summary>Sizes small enough for the project's own tests, large enough to cross every page and chunk boundary.</summary>
    public static ScaleOptions Small { get; } = new() { BlobSize = 64 * MiB, ChunkSize = 8 * MiB, Tags = 300, Referrers = 60, Concurrency = 4 };
}
