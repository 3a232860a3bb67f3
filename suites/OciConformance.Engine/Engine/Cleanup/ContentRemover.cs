using System.Collections.Concurrent;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Engine.Cleanup;

/// <summary>
/// Deletes content from a registry in an order registries accept, one repository at a time per slot: its tags first
/// (a registry may refuse to delete a manifest a tag still points at), then its manifests by digest, each referrer
/// and index before the manifests it points at, then its blobs, once no manifest needs them. A delete the registry
/// refuses leaves that item, with the registry's answer as the reason; a 404 means it was already gone.
/// </summary>
public sealed class ContentRemover(RegistryClient client, int parallelism)
{
    public async Task<IReadOnlyList<CleanupItem>> RemoveAsync(IEnumerable<CreatedContent> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var results = new ConcurrentBag<CleanupItem>();
        var repositories = content.GroupBy(c => c.Repository, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(repositories, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (repository, token) =>
        {
            foreach (var item in await RemoveRepositoryAsync(repository, token))
            {
                results.Add(item);
            }
        });
        return [.. results.OrderBy(i => i.Repository, StringComparer.Ordinal).ThenBy(i => i.Kind).ThenBy(i => i.Reference, StringComparer.Ordinal)];
    }

    /// <summary>Manifests in an order each can be deleted in: none before a manifest that points at it.</summary>
    public static IEnumerable<CreatedContent> DeletionOrder(IEnumerable<CreatedContent> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var pending = manifests.OrderBy(m => m.Reference, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var pointedAt = pending.SelectMany(m => m.PointsAt).ToHashSet(StringComparer.Ordinal);
            var free = pending.Where(m => !pointedAt.Contains(m.Reference)).ToList();

            // Digests cannot point at each other in a circle; should the recorded links claim one, the rest go as they come.
            var next = free.Count > 0 ? free : pending;
            foreach (var manifest in next)
            {
                yield return manifest;
            }

            pending = [.. pending.Except(next)];
        }
    }

    private async Task<List<CleanupItem>> RemoveRepositoryAsync(List<CreatedContent> content, CancellationToken cancellationToken)
    {
        var items = new List<CleanupItem>();
        var refusedTags = new List<CleanupItem>();
        foreach (var tag in content.Where(c => c.Kind == ContentKind.Tag))
        {
            var item = await DeleteAsync(tag, cancellationToken);
            (item.IsLeft ? refusedTags : items).Add(item);
        }

        foreach (var manifest in DeletionOrder(content.Where(c => c.Kind == ContentKind.Manifest)))
        {
            items.Add(await DeleteAsync(manifest, cancellationToken));
        }

        // A registry that cannot delete a tag by name may still have dropped it with the manifest it pointed at.
        foreach (var tag in refusedTags)
        {
            var head = await SendAsync(HttpMethod.Head, tag.Repository, tag.Reference, PathKind.Manifest, cancellationToken);
            items.Add(head.Status == 404 ? tag with { State = CleanupState.Deleted, Reason = null } : tag);
        }

        foreach (var blob in content.Where(c => c.Kind == ContentKind.Blob))
        {
            items.Add(await DeleteAsync(blob, cancellationToken));
        }

        return items;
    }

    private async Task<CleanupItem> DeleteAsync(CreatedContent content, CancellationToken cancellationToken)
    {
        var path = content.Path;
        var response = await SendAsync(HttpMethod.Delete, path.Repository, path.Reference, path.Kind, cancellationToken);
        return response switch
        {
            { TransportError: { } error } => content.Became(CleanupState.Left, $"DELETE got no answer: {error}"),
            { IsSuccess: true } => content.Became(CleanupState.Deleted),
            { Status: 404 } => content.Became(CleanupState.AlreadyGone),
            _ => content.Became(CleanupState.Left, Refusal(response)),
        };
    }

    private Task<RegistryResponse> SendAsync(HttpMethod method, string repository, string reference, PathKind kind, CancellationToken cancellationToken) =>
        client.SendAsync(new RegistryRequest(method, new Uri(client.BaseAddress, new RegistryPath(repository, kind, reference).Path)), new ExchangeLog(), cancellationToken);

    /// <summary>The registry's refusal in one line: status and the first error's code and message when it sent them.</summary>
    public static string Refusal(RegistryResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = $"DELETE answered {response.Status}";
        return ErrorBody.First(response) is { } error
            ? $"{text} {error.Code}{(string.IsNullOrEmpty(error.Message) ? "" : $": {error.Message}")}".TrimEnd()
            : text;
    }
}
