using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

/// <summary>One request and its response as a fault sees them, with the route (null outside <c>/v2/</c> routes) and the registry's services.</summary>
internal sealed class Exchange(HttpContext context, RegistryRoute? route, RegistryServices services)
{
    public HttpContext Context { get; } = context;

    public RegistryRoute? Route { get; } = route;

    public RegistryServices Services { get; } = services;

    public HttpRequest Request => Context.Request;

    public HttpResponse Response => Context.Response;

    public IQueryCollection Query => Request.Query;

    public int Status => Response.StatusCode;

    /// <summary>The repository the route names (empty when there is none).</summary>
    public string Name => Route?.Name ?? string.Empty;

    /// <summary>The tag, digest or upload id the route names (empty when there is none).</summary>
    public string Reference => Route?.Reference ?? string.Empty;

    public bool Is(RouteKind kind) => Route?.Kind == kind;

    public bool Is(RouteKind kind, string method) => Is(kind) && HttpMethods.Equals(Request.Method, method);

    /// <summary>The route's reference as a digest, when it is one.</summary>
    public Digest? ReferenceDigest => Digest.TryParse(Reference, out var digest) ? digest : null;

    /// <summary>The query parameter as a digest, when it is one.</summary>
    public Digest? QueryDigest(string key) => Digest.TryParse(Query[key], out var digest) ? digest : null;

    public Task ErrorAsync(RegistryError error) => Responses.ErrorAsync(Context, error);

    /// <summary>Replaces the query parameter's values; none removes it.</summary>
    public void SetQuery(string key, IEnumerable<string> values)
    {
        var query = Query.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var kept = values.ToArray();
        if (kept.Length == 0)
        {
            query.Remove(key);
        }
        else
        {
            query[key] = kept;
        }

        Request.Query = new QueryCollection(query);
    }
}
