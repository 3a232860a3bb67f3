using System.Collections.Concurrent;
using System.Web;
using OciConformance.Content;
using OciConformance.Engine.ActionSteps.ReadOnly;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Engine.Cleanup;

/// <summary>
/// What a run created in the registry, as the registry's successful answers to the suite's own requests show it:
/// a blob upload or mount answered 201, a manifest PUT answered 2xx with the tags it set (the reference, and any
/// <c>OCI-Tag</c> the registry reports). Only what is recorded here is ever deleted, so a run that pushed nothing
/// (a read-only profile) sends no DELETE. Cases run in parallel and all record here.
/// </summary>
public sealed class ContentLedger
{
    private const string DigestHeader = "Docker-Content-Digest";

    private readonly ConcurrentDictionary<(ContentKind Kind, string Repository, string Reference), CreatedContent> _content = new();

    /// <summary>Upload locations handed out (without their query), by repository: a location may be opaque.</summary>
    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);

    /// <summary>Everything recorded so far, by repository, then tags, manifests and blobs.</summary>
    public IReadOnlyList<CreatedContent> Snapshot() =>
        [.. _content.Values.OrderBy(c => c.Repository, StringComparer.Ordinal).ThenBy(c => c.Kind).ThenBy(c => c.Reference, StringComparer.Ordinal)];

    /// <summary>
    /// Records what <paramref name="response"/> says the registry now holds because of <paramref name="request"/>,
    /// sent by the case of scenario <paramref name="caseId"/>; <paramref name="sizeOf"/> gives the size of content
    /// the case knows by its digest.
    /// </summary>
    public void Observe(RegistryRequest request, RegistryResponse response, string caseId, Func<string, long?> sizeOf)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(sizeOf);
        if (!response.IsSuccess || response.TransportError is not null)
        {
            return;
        }

        var path = RegistryPath.Of(request.Url);
        if (path is { Kind: PathKind.Manifest })
        {
            if (request.Method == HttpMethod.Put)
            {
                RecordManifest(path, request, response, caseId);
            }

            return;
        }

        if (path is { Kind: PathKind.Blob } || (path?.Repository ?? SessionRepository(request.Url)) is not { } repository)
        {
            return;
        }

        if (response.Status == 202 && response.Headers.Get("Location") is { } location && Uri.TryCreate(response.Url, location, out var next))
        {
            _sessions[SessionKey(next)] = repository;
        }

        if (response.Status == 201 && (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put) && BlobDigest(request, response) is { } digest)
        {
            Add(new CreatedContent(ContentKind.Blob, repository, digest)
            {
                Case = caseId,
                Size = sizeOf(digest) ?? (request.Method == HttpMethod.Post ? request.Body?.Length : null),
            });
        }
    }

    private void RecordManifest(RegistryPath path, RegistryRequest request, RegistryResponse response, string caseId)
    {
        var body = request.Body?.Excerpt;
        var isDigest = Digest.TryParse(path.Reference, out _);
        var digest = response.Headers.Get(DigestHeader) is { } header && Digest.TryParse(header, out _) ? header
            : isDigest ? path.Reference
            : body is { } bytes ? Digest.Sha256Of(bytes.Span).ToString()
            : null;
        if (digest is not null)
        {
            var contentType = request.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
            Add(CreatedContent.Manifest(path.Repository, digest, ManifestShape.Read(body ?? ReadOnlyMemory<byte>.Empty), contentType) with
            {
                Case = caseId,
                Size = request.Body?.Length,
            });
        }

        var tags = response.Headers.GetAll("OCI-Tag").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var tag in isDigest ? tags : tags.Prepend(path.Reference))
        {
            Add(new CreatedContent(ContentKind.Tag, path.Repository, tag) { Case = caseId });
        }
    }

    /// <summary>The digest a blob upload or mount completed with: the one the request named, else the one the registry reports.</summary>
    private static string? BlobDigest(RegistryRequest request, RegistryResponse response)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var named = query["mount"] ?? query["digest"] ?? response.Headers.Get(DigestHeader);
        return Digest.TryParse(named, out _) ? named : null;
    }

    private string? SessionRepository(Uri url) => _sessions.TryGetValue(SessionKey(url), out var repository) ? repository : null;

    private static string SessionKey(Uri url) => url.GetLeftPart(UriPartial.Path);

    private void Add(CreatedContent content) => _content.TryAdd((content.Kind, content.Repository, content.Reference), content);
}
