using System.Globalization;
using System.Text.Json.Nodes;
using OciConformance.Content;
using OciConformance.Http;

namespace OciConformance.Engine.ActionSteps.Scale;

/// <summary>
/// What the scale actions share: content generated from the run's seed, and requests sent in bulk. Thousands of tag
/// or referrer pushes would bury a case's record, so bulk requests go to a scratch log; an answer a check fails on is
/// copied into the case's record, so every failure still shows the exchange behind it.
/// </summary>
internal static class ScaleWork
{
    public const string EmptyMediaType = "application/vnd.oci.empty.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Bytes of a generated blob the case may push, unique to the run, the scenario and <paramref name="name"/>.</summary>
    public static Task<MaterializedContent> BlobAsync(CaseRun run, string name, long size, CancellationToken cancellationToken) =>
        MaterializedContent.GeneratedAsync(MaterializedContent.Seed(run.Environment.RunId, run.Scenario.Id, name), size, "application/octet-stream", Digest.Sha256, cancellationToken);

    /// <summary>Sends <paramref name="request"/> without adding it to the case's record; the content it creates is still cleaned up.</summary>
    public static async Task<RegistryResponse> SendQuietAsync(CaseRun run, RegistryRequest request, CancellationToken cancellationToken)
    {
        var response = await run.Environment.Client.SendAsync(request, new ExchangeLog(), cancellationToken);
        run.Environment.Ledger.Observe(request, response, run.Scenario.Id, _ => null);
        return response;
    }

    /// <summary>The answer as the case's record keeps it, for a check that quotes it.</summary>
    public static RegistryResponse Keep(CaseRun run, RegistryResponse response)
    {
        var kept = response.Exchange with { Sequence = run.Log.NextSequence() };
        run.Log.Add(kept);
        return response with { Exchange = kept };
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1 with at most <paramref name="concurrency"/> at once, results in index order.</summary>
    public static async Task<T[]> ForEachAsync<T>(int count, int concurrency, Func<int, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var results = new T[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken }, async (i, token) =>
        {
            results[i] = await work(i, token);
        });
        return results;
    }

    /// <summary>
    /// An image manifest whose only config and layer are the empty descriptor: the smallest valid manifest, made
    /// distinct by its annotation, with an artifactType as the spec asks of a manifest with an empty config.
    /// </summary>
    public static MaterializedContent EmptyImage(string artifactType, string annotation, string? subjectDigest = null, long subjectSize = 0, string? subjectMediaType = null)
    {
        var empty = new JsonObject { ["mediaType"] = EmptyMediaType, ["digest"] = EmptyDigest, ["size"] = 2 };
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ImageManifest,
            ["artifactType"] = artifactType,
            ["config"] = empty.DeepClone(),
            ["layers"] = new JsonArray(empty.DeepClone()),
        };
        if (subjectDigest is not null)
        {
            manifest["subject"] = new JsonObject { ["mediaType"] = subjectMediaType ?? ImageManifest, ["digest"] = subjectDigest, ["size"] = subjectSize };
        }

        manifest["annotations"] = new JsonObject { ["org.opencontainers.conformance.scale"] = annotation };
        return MaterializedContent.FromBytes(ClientJson.Serialize(manifest, indented: false), ImageManifest, Digest.Sha256);
    }

    /// <summary>The digest of <c>{}</c>, the empty descriptor's content.</summary>
    public const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    public static RegistryRequest ManifestPut(CaseRun run, string reference, MaterializedContent manifest) =>
        new(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{reference}", []))
        {
            Headers = [new("Content-Type", manifest.MediaType)],
            Body = manifest.ToRequestBody($"({manifest.Size} bytes, {manifest.Digest})"),
        };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long value) => value >= ScaleMiB ? $"{(value / (double)ScaleMiB).ToString("0.#", CultureInfo.InvariantCulture)} MiB" : $"{value} bytes";

    private const long ScaleMiB = 1024 * 1024;
}
