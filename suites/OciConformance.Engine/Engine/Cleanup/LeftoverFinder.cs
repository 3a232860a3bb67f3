using System.Collections.Concurrent;
using System.Text.Json;
using OciConformance.Content;
using OciConformance.Engine.ActionSteps.ReadOnly;
using OciConformance.Fixtures;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Engine.Cleanup;

/// <summary>
/// What earlier runs left in a registry: the run repositories that hold something, and each tag, manifest and blob
/// found in them. <paramref name="CatalogProblem"/> says why the repositories could not be listed from
/// <c>/v2/_catalog</c>, or is null when they were.
/// </summary>
public sealed record Leftovers(string? CatalogProblem, IReadOnlyList<RunRepository> Repositories, IReadOnlyList<CreatedContent> Content)
{
    public IReadOnlyList<string> RunIds => [.. Repositories.Select(r => r.RunId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>
/// Finds what earlier runs left under the configured namespace, for <c>tidy</c>. Their repositories come from
/// <c>/v2/_catalog</c> (optional in the spec), or, where it is not offered, from the run ids given. In each it
/// finds the tags and the manifests they name, the manifests those point at and their referrers, the blobs all of
/// them need, and the blobs and manifests the repository's scenario pushes, made again for its run id: a case that
/// pushed only blobs leaves nothing a tag leads to.
/// </summary>
public sealed class LeftoverFinder(SuiteEnvironment environment, SuiteData data)
{
    private const int MaxPages = 10_000;

    private readonly RegistryClient _client = environment.Client;

    /// <summary>A scenario's content made again once per run, though its case and mount-source repositories both ask.</summary>
    private readonly ConcurrentDictionary<(string Scenario, string RunId), Lazy<Task<(IReadOnlyList<Descriptor> Blobs, IReadOnlyList<string> Manifests)>>> _made = new();

    private readonly string _manifestTypes = string.Join(", ", environment.Formats.Formats.Select(f => f.MediaType).OfType<string>());

    public async Task<Leftovers> FindAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var target = environment.Options.Target;
        var names = new RunRepositories(target.Namespace, target.CrossMountNamespace, data.Scenarios.Select(s => s.Id));
        var (catalog, problem) = await ListAsync(Url("/v2/_catalog"), "repositories", cancellationToken);
        var listed = (catalog ?? []).Select(names.Match).OfType<RunRepository>().Where(r => runIds.Count == 0 || runIds.Contains(r.RunId)).ToList();

        // A catalog may leave out a repository that holds no blob (distribution does); each run's names fill the gap.
        var candidates = listed.Concat((runIds.Count > 0 ? runIds : listed.Select(r => r.RunId).Distinct(StringComparer.Ordinal)).SelectMany(names.Of))
            .DistinctBy(r => r.Name, StringComparer.Ordinal);
        var found = new ConcurrentBag<(RunRepository Repository, List<CreatedContent> Content)>();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = environment.Options.Run.Parallelism, CancellationToken = cancellationToken }, async (repository, token) =>
        {
            var content = await ExploreAsync(repository, token);
            if (content.Count > 0)
            {
                found.Add((repository, content));
            }
        });
        var ordered = found.OrderBy(f => f.Repository.Name, StringComparer.Ordinal).ToList();
        return new Leftovers(catalog is null ? $"the registry does not offer /v2/_catalog ({problem})" : null, [.. ordered.Select(f => f.Repository)], [.. ordered.SelectMany(f => f.Content)]);
    }

    private async Task<List<CreatedContent>> ExploreAsync(RunRepository repository, CancellationToken cancellationToken)
    {
        var name = repository.Name;
        var tags = new List<CreatedContent>();
        var manifests = new Dictionary<string, CreatedContent>(StringComparer.Ordinal);
        var blobs = new Dictionary<string, CreatedContent>(StringComparer.Ordinal);
        var pending = new Queue<string>();

        async Task VisitAsync(string reference, bool isTag)
        {
            var response = await SendAsync(HttpMethod.Get, new RegistryPath(name, PathKind.Manifest, reference), _manifestTypes, cancellationToken);
            if (!response.IsSuccess || DigestOf(response, isTag ? null : reference) is not { } digest)
            {
                return;
            }

            if (isTag)
            {
                tags.Add(new CreatedContent(ContentKind.Tag, name, reference));
            }

            if (manifests.ContainsKey(digest))
            {
                return;
            }

            var shape = ManifestShape.Read(response.Body.Buffered);
            var manifest = CreatedContent.Manifest(name, digest, shape, response.Headers.Get("Content-Type")) with { Size = response.Body.Length };
            manifests[digest] = manifest;
            foreach (var next in manifest.PointsAt.Concat(await ReferrersAsync(name, digest, cancellationToken)))
            {
                pending.Enqueue(next);
            }

            // A foreign layer (one with urls) lives elsewhere; the registry holds no blob to delete for it.
            foreach (var blob in shape.Blobs.Where(b => !b.External))
            {
                blobs.TryAdd(blob.Digest, new CreatedContent(ContentKind.Blob, name, blob.Digest) { Size = blob.Size, MediaType = blob.MediaType });
            }
        }

        var (tagNames, _) = await ListAsync(Url($"/v2/{name}/tags/list"), "tags", cancellationToken);
        foreach (var tag in tagNames ?? [])
        {
            await VisitAsync(tag, isTag: true);
        }

        var (ownBlobs, ownManifests) = await ScenarioContentAsync(repository, cancellationToken);
        foreach (var digest in ownManifests)
        {
            pending.Enqueue(digest);
        }

        while (pending.TryDequeue(out var digest))
        {
            if (!manifests.ContainsKey(digest))
            {
                await VisitAsync(digest, isTag: false);
            }
        }

        foreach (var blob in ownBlobs.Where(b => !blobs.ContainsKey(b.Digest)))
        {
            if ((await SendAsync(HttpMethod.Head, new RegistryPath(name, PathKind.Blob, blob.Digest), null, cancellationToken)).IsSuccess)
            {
                blobs[blob.Digest] = new CreatedContent(ContentKind.Blob, name, blob.Digest) { Size = blob.Size, MediaType = blob.MediaType };
            }
        }

        return [.. tags.Concat(manifests.Values).Concat(blobs.Values).Select(c => c with { Case = repository.Scenario })];
    }

    /// <summary>
    /// The blobs and manifests the repository's scenario makes, as its case made them in that run: generated content
    /// derives from the run id. A manifest that embeds what an earlier step captured cannot be made again; the
    /// tags and referrers lead to those.
    /// </summary>
    private Task<(IReadOnlyList<Descriptor> Blobs, IReadOnlyList<string> Manifests)> ScenarioContentAsync(RunRepository repository, CancellationToken cancellationToken) =>
        _made.GetOrAdd((repository.Scenario, repository.RunId), key => new(() => MakeAsync(key.Scenario, key.RunId, cancellationToken))).Value;

    private async Task<(IReadOnlyList<Descriptor> Blobs, IReadOnlyList<string> Manifests)> MakeAsync(string scenarioId, string runId, CancellationToken cancellationToken)
    {
        var scenario = data.Scenarios.Single(s => s.Id == scenarioId);
        var run = new CaseRun(scenario, environment with { RunId = runId });
        try
        {
            await run.PrepareAsync(cancellationToken);
        }
        catch (Exception e) when (e is MissingValueException or FixtureException)
        {
            return ([], []);
        }

        var blobs = scenario.Blobs.Keys.Select(run.Blob).Select(b => new Descriptor(b.Digest.ToString(), b.MediaType, b.Size, External: false)).ToList();
        return (blobs, [.. scenario.Manifests.Keys.Select(name => ManifestDigest(run, name)).OfType<string>()]);
    }

    private static string? ManifestDigest(CaseRun run, string name)
    {
        try
        {
            return run.Manifest(name).Digest.ToString();
        }
        catch (Exception e) when (e is MissingValueException or FixtureException)
        {
            return null;
        }
    }

    /// <summary>The manifests the referrers API lists for <paramref name="digest"/>; none where it is not offered.</summary>
    private async Task<IEnumerable<string>> ReferrersAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var url = Url($"/v2/{repository}/referrers/{digest}");
        for (var page = 0; url is not null && page < MaxPages; page++)
        {
            var response = await _client.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", "application/vnd.oci.image.index.v1+json")] }, new ExchangeLog(), cancellationToken);
            if (!response.IsSuccess)
            {
                break;
            }

            found.AddRange(ManifestShape.Read(response.Body.Buffered).Children.Select(m => m.Digest));
            url = NextPage(response);
        }

        return found;
    }

    /// <summary>
    /// A paginated list (the catalog's repositories, a repository's tags), following <c>Link</c> headers; null and
    /// the registry's answer when the first page is refused or is not such a list.
    /// </summary>
    private async Task<(List<string>? Items, string? Problem)> ListAsync(Uri first, string property, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        Uri? url = first;
        for (var page = 0; url is not null && page < MaxPages; page++)
        {
            var response = await _client.SendAsync(new RegistryRequest(HttpMethod.Get, url) { Headers = [new("Accept", "application/json")] }, new ExchangeLog(), cancellationToken);
            if (!response.IsSuccess)
            {
                return (null, response.TransportError is { } error ? $"no answer: {error}" : $"GET {first.AbsolutePath} answered {response.Status}");
            }

            try
            {
                using var document = Content.RegistryJson.Parse(response.Body.Buffered);
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(property, out var list)
                    || list.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                {
                    return (null, $"GET {first.AbsolutePath} answered without a '{property}' list");
                }

                items.AddRange(list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!) : []);
            }
            catch (JsonException)
            {
                return (null, $"GET {first.AbsolutePath} answered a body that is not JSON");
            }

            url = NextPage(response);
        }

        return (items, null);
    }

    private static Uri? NextPage(RegistryResponse response) =>
        response.Headers.Get("Link") is { } link && LinkHeader.Next(link) is { } next && Uri.TryCreate(response.Url, next, out var url) ? url : null;

    private static string? DigestOf(RegistryResponse response, string? requested) =>
        requested is not null && Digest.TryParse(requested, out _) ? requested
        : response.Headers.Get("Docker-Content-Digest") is { } header && Digest.TryParse(header, out _) ? header
        : response.Body.Truncated ? null
        : Digest.Sha256Of(response.Body.Buffered.Span).ToString();

    private Task<RegistryResponse> SendAsync(HttpMethod method, RegistryPath path, string? accept, CancellationToken cancellationToken) =>
        _client.SendAsync(new RegistryRequest(method, Url(path.Path)) { Headers = accept is null ? [] : [new("Accept", accept)] }, new ExchangeLog(), cancellationToken);

    private Uri Url(string path) => new(_client.BaseAddress, path);
}
