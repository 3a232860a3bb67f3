using System.Text.Json;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>The built-in actions, by name.</summary>
public static class Actions
{
    public static IReadOnlyDictionary<string, IScenarioAction> All { get; } = new IScenarioAction[]
    {
        new PushBlobAction(),
        new PushManifestAction(),
    }.ToDictionary(a => a.Name, StringComparer.Ordinal);

    internal static string Argument(Step step, string name) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Fixtures.FixtureException($"step '{step.Name}': action '{step.Action}' needs a string argument with.{name}.");

    internal static IReadOnlyList<string> Arguments(Step step, string name) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [value.GetString()!]
            : throw new Fixtures.FixtureException($"step '{step.Name}': action '{step.Action}' needs with.{name} (a name or a list of names).");
}

/// <summary>Pushes blobs the plain way: POST to open an upload, PUT with the digest to complete it.</summary>
public sealed class PushBlobAction : IScenarioAction
{
    public const string PostRequirement = "dist.push.upload-post-accepted";
    public const string PutRequirement = "dist.push.upload-put-created";

    public string Name => "push-blobs";

    public IReadOnlyList<string> Requirements { get; } = [PostRequirement, PutRequirement];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        RegistryResponse? last = null;
        foreach (var name in Actions.Arguments(step, "blobs"))
        {
            last = await PushAsync(run, name, cancellationToken);
            if (last is null || last.Status != 201)
            {
                break;
            }
        }

        return last;
    }

    private static async Task<RegistryResponse?> PushAsync(CaseRun run, string name, CancellationToken cancellationToken)
    {
        var blob = run.Blob(name);
        var start = await run.SendAsync(new RegistryRequest(HttpMethod.Post, run.ResolveUrl($"/v2/{run.Repository}/blobs/uploads/", [])), cancellationToken);
        var location = start.Headers.Get("Location");
        if (!run.Check(PostRequirement, start.Status == 202 && location is not null, $"upload of blob '{name}' opens with 202 and a Location", "202 with a Location header", $"{ExpectationEvaluator.StatusLine(start)}, Location {(location is null ? "absent" : "present")}", start))
        {
            return null;
        }

        var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl(location!, [new("digest", blob.Digest.ToString())]))
        {
            Headers = [new("Content-Type", "application/octet-stream")],
            Body = blob.ToRequestBody($"blob '{name}'"),
        }, cancellationToken);
        run.Check(PutRequirement, put.Status == 201, $"upload of blob '{name}' completes with 201", "201", ExpectationEvaluator.StatusLine(put), put);
        return put;
    }
}

/// <summary>Pushes a scenario manifest under a reference (a tag, or its digest).</summary>
public sealed class PushManifestAction : IScenarioAction
{
    public const string Requirement = "dist.push.manifest-put-created";

    public string Name => "push-manifest";

    public IReadOnlyList<string> Requirements { get; } = [Requirement];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var name = Actions.Argument(step, "manifest");
        var manifest = run.Manifest(name);
        RegistryResponse? last = null;
        foreach (var reference in Actions.Arguments(step, "references").Select(run.Render))
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl($"/v2/{run.Repository}/manifests/{reference}", []))
            {
                Headers = [new("Content-Type", manifest.MediaType)],
                Body = manifest.ToRequestBody($"manifest '{name}'"),
            }, cancellationToken);
            if (!run.Check(Requirement, last.Status == 201, $"manifest '{name}' is accepted as {reference} with 201", "201", ExpectationEvaluator.StatusLine(last), last))
            {
                break;
            }
        }

        return last;
    }
}
