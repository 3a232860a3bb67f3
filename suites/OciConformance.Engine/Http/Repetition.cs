namespace OciConformance.Http;

/// <summary>
/// Which requests the client may send again after a 429. A 429 means the registry did not act on the request, but
/// the client repeats only what would do no harm if it had: reads, deletes, a manifest PUT (the same bytes under
/// the same reference), a closing upload PUT with its digest, and a POST to the upload endpoint (it opens a session,
/// mounts a blob, or sends a whole blob named by its digest). Every body is re-opened from its source, never
/// buffered. A PATCH adds a chunk to a session; repeating one could add it twice, so the operation that sent it
/// starts over instead (see <see cref="RegistryClient.WaitToStartOverAsync"/>).
/// </summary>
public static class Repetition
{
    /// <summary>Null when <paramref name="request"/> is safe to send again; otherwise why it is not.</summary>
    public static string? WhyNotRepeatable(RegistryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Url.AbsolutePath;
        return request.Method.Method switch
        {
            "GET" or "HEAD" or "OPTIONS" or "DELETE" => null,
            "PUT" when path.Contains("/manifests/", StringComparison.Ordinal) || HasDigest(request.Url) => null,
            "POST" when path.TrimEnd('/').EndsWith("/blobs/uploads", StringComparison.Ordinal) => null,
            "PATCH" => "the client does not repeat a PATCH, which could add its chunk twice",
            var method => $"a {method} to {path} is not known to be harmless to repeat",
        };
    }

    private static bool HasDigest(Uri url) =>
        url.Query.TrimStart('?').Split('&').Any(pair => pair.StartsWith("digest=", StringComparison.Ordinal));
}
