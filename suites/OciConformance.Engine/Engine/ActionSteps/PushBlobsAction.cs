using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps;

/// <summary>
/// Pushes blobs the plain way: POST to open an upload, PUT with the digest to complete it. An optional
/// <c>repository</c> argument (a template such as <c>{sourceRepo}</c>) pushes to another repository than the case's.
/// </summary>
public sealed class PushBlobAction : IScenarioAction
{
    public static readonly ActionCheck Post = new("post", "POST opens an upload session: 202 with a Location");
    public static readonly ActionCheck Put = new("put", "PUT of the bytes with their digest completes the upload: 201");

    public string Name => "push-blobs";

    public IReadOnlyList<ActionCheck> Checks { get; } = [Post, Put];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        RegistryResponse? last = null;
        var repository = step.With is { } with && with.TryGetProperty("repository", out var target) ? run.Render(target.GetString()!) : run.Repository;
        foreach (var name in Actions.Arguments(step, "blobs"))
        {
            last = await PushAsync(run, repository, name, cancellationToken);
            if (last is null || last.Status != 201)
            {
                break;
            }
        }

        return last;
    }

    /// <summary>Pushes one blob of the case with POST and PUT; null when the POST opened no session.</summary>
    internal static async Task<RegistryResponse?> PushAsync(CaseRun run, string repository, string name, CancellationToken cancellationToken)
    {
        var blob = run.Blob(name);
        var start = await run.SendAsync(new RegistryRequest(HttpMethod.Post, run.ResolveUrl($"/v2/{repository}/blobs/uploads/", [])), cancellationToken);
        var location = start.Headers.Get("Location");
        if (!run.Check(Post, start.Status == 202 && location is not null, $"upload of blob '{name}' opens with 202 and a Location", "202 with a Location header", $"{ExpectationEvaluator.StatusLine(start)}, Location {(location is null ? "absent" : "present")}", start))
        {
            return null;
        }

        var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, run.ResolveUrl(location!, [new("digest", blob.Digest.ToString())]))
        {
            Headers = [new("Content-Type", "application/octet-stream")],
            Body = blob.ToRequestBody($"blob '{name}'"),
        }, cancellationToken);
        run.Check(Put, put.Status == 201, $"upload of blob '{name}' completes with 201", "201", ExpectationEvaluator.StatusLine(put), put);
        return put;
    }
}
