namespace OciConformance.Testing;

/// <summary>Asks a registry, without the suite's client, whether tags, manifests and blobs can still be fetched.</summary>
public static class RegistryProbe
{
    private const string ManifestTypes = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
        + "application/vnd.oci.artifact.manifest.v1+json, application/vnd.cncf.oras.artifact.manifest.v1+json, "
        + "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>
    /// Each of <paramref name="items"/> (kind <c>tag</c>, <c>manifest</c> or <c>blob</c>, repository, tag or digest)
    /// that a GET still finds, with the status of each that answers neither 200 nor 404.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FetchableAsync(Uri registry, IEnumerable<(string Kind, string Repository, string Reference)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var http = new HttpClient { BaseAddress = registry, Timeout = TimeSpan.FromSeconds(30) };
        var found = new List<string>();
        foreach (var (kind, repository, reference) in items)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/{(kind == "blob" ? "blobs" : "manifests")}/{reference}");
            request.Headers.TryAddWithoutValidation("Accept", ManifestTypes);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if ((int)response.StatusCode != 404)
            {
                found.Add($"{kind} {repository} {reference}: {(int)response.StatusCode}");
            }
        }

        return found;
    }
}
