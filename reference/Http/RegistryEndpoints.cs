using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>A <c>/v2/</c> request that passed the registry's gates, with its parsed route.</summary>
internal sealed record RegistryRequest(HttpContext Context, RegistryRoute Route);

internal delegate Task RegistryHandler(RegistryRequest request);

/// <summary>A step between the gates and the handler, like an endpoint filter: it answers itself or calls <paramref name="next"/>.</summary>
internal delegate Task RegistryFilter(RegistryRequest request, RegistryHandler next);

/// <summary>Routes every <c>/v2/</c> request: method check, name check, auth, read-only, the filters, then the handler.</summary>
internal sealed class RegistryEndpoints
{
    private readonly RegistryServices _services;
    private readonly BlobEndpoints _blobs;
    private readonly UploadEndpoints _uploads;
    private readonly ManifestEndpoints _manifests;
    private readonly ListEndpoints _lists;
    private readonly ReferrersEndpoints _referrers;
    private readonly RegistryHandler _handler;

    public RegistryEndpoints(RegistryServices services, IEnumerable<RegistryFilter> filters)
    {
        _services = services;
        _blobs = new BlobEndpoints(services);
        _uploads = new UploadEndpoints(services);
        _manifests = new ManifestEndpoints(services);
        _lists = new ListEndpoints(services);
        _referrers = new ReferrersEndpoints(services);

        // The first filter given runs first.
        _handler = filters.Reverse().Aggregate((RegistryHandler)DispatchAsync, (next, filter) => request => filter(request, next));
    }

    /// <summary>Every answer under <c>/v2</c> names the API version, a throttled one as well as one the endpoints give.</summary>
    public static void MarkApiVersion(HttpContext context) => context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";

    public async Task HandleAsync(HttpContext context)
    {
        MarkApiVersion(context);
        var route = RegistryRoute.Parse(context.Request.Path.Value ?? string.Empty);
        if (route is null)
        {
            await Responses.ErrorAsync(context, new RegistryError(404, ErrorCode.NameUnknown, "no such endpoint"));
            return;
        }

        var method = context.Request.Method;
        var allowed = AllowedMethods(route.Kind);
        if (!allowed.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            await Responses.ErrorAsync(context, RegistryError.Unsupported($"{method} is not supported here"));
            return;
        }

        if (route.Kind is not (RouteKind.Base or RouteKind.Catalog) && !_services.Policy.IsValidRepository(route.Name))
        {
            await Responses.ErrorAsync(context, new RegistryError(400, ErrorCode.NameInvalid, "invalid repository name", new { name = route.Name }));
            return;
        }

        var denied = AuthGate.Check(context, _services, RequiredAccess(route, method));
        if (denied is not null)
        {
            await Responses.ErrorAsync(context, denied);
            return;
        }

        // Read-only answers 405 UNSUPPORTED: the operation is not offered by this registry at all, the same
        // answer the spec gives for disabled deletion; DENIED would wrongly suggest other credentials could help.
        if (_services.Options.ReadOnly && IsWrite(method))
        {
            await Responses.ErrorAsync(context, RegistryError.Unsupported("this registry is read-only"));
            return;
        }

        await _handler(new RegistryRequest(context, route));
    }

    private Task DispatchAsync(RegistryRequest request)
    {
        var (context, route) = (request.Context, request.Route);
        return route.Kind switch
        {
            RouteKind.Base => Responses.JsonAsync(context, new JsonObject(), MediaTypes.Json),
            RouteKind.Catalog => _lists.CatalogAsync(context),
            RouteKind.Tags => _lists.TagsAsync(context, route.Name),
            RouteKind.Blob => _blobs.HandleAsync(context, route),
            RouteKind.Upload => _uploads.HandleAsync(context, route),
            RouteKind.Manifest => _manifests.HandleAsync(context, route),
            RouteKind.Referrers => _referrers.OciAsync(context, route),
            RouteKind.OrasReferrers => _referrers.OrasAsync(context, route),
            _ => _referrers.DiscoverAsync(context, route),
        };
    }

    private static string[] AllowedMethods(RouteKind kind) => kind switch
    {
        RouteKind.Blob => ["GET", "HEAD", "DELETE"],
        RouteKind.Manifest => ["GET", "HEAD", "PUT", "DELETE"],
        RouteKind.Upload => ["POST", "PATCH", "PUT", "GET", "DELETE"],
        _ => ["GET", "HEAD"],
    };

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static Access RequiredAccess(RegistryRoute route, string method) => route.Kind switch
    {
        RouteKind.Base => Access.AuthenticatedOnly,
        RouteKind.Catalog => new Access(null, null, Catalog: true),
        RouteKind.Upload => new Access(route.Name, "push"),
        RouteKind.Blob or RouteKind.Manifest when HttpMethods.IsDelete(method) => new Access(route.Name, "delete"),
        RouteKind.Manifest when HttpMethods.IsPut(method) => new Access(route.Name, "push"),
        _ => new Access(route.Name, "pull"),
    };
}
