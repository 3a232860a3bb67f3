using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>Routes every <c>/v2/</c> request: method check, name check, auth, read-only, then the handler.</summary>
internal sealed class RegistryEndpoints(RegistryServices services)
{
    private readonly BlobEndpoints _blobs = new(services);
    private readonly UploadEndpoints _uploads = new(services);
    private readonly ManifestEndpoints _manifests = new(services);
    private readonly ListEndpoints _lists = new(services);
    private readonly ReferrersEndpoints _referrers = new(services);

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        var route = RegistryRoute.Parse(context.Request.Path.Value ?? string.Empty);
        if (route is null)
        {
            await Responses.ErrorAsync(context, services, new RegistryError(404, ErrorCode.NameUnknown, "no such endpoint"));
            return;
        }

        var method = context.Request.Method;
        var allowed = AllowedMethods(route.Kind);
        if (!allowed.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            await Responses.ErrorAsync(context, services, Responses.Unsupported($"{method} is not supported here"));
            return;
        }

        if (route.Kind is not (RouteKind.Base or RouteKind.Catalog) && !services.IsValidName(route.Name))
        {
            await Responses.ErrorAsync(context, services, new RegistryError(400, ErrorCode.NameInvalid, "invalid repository name", new { name = route.Name }));
            return;
        }

        var denied = AuthGate.Check(context, services, RequiredAccess(route, method));
        if (denied is not null)
        {
            await Responses.ErrorAsync(context, services, denied);
            return;
        }

        // Read-only answers 405 UNSUPPORTED: the operation is not offered by this registry at all, the same
        // answer the spec gives for disabled deletion; DENIED would wrongly suggest other credentials could help.
        if (services.Options.ReadOnly && IsWrite(method))
        {
            await Responses.ErrorAsync(context, services, Responses.Unsupported("this registry is read-only"));
            return;
        }

        await (route.Kind switch
        {
            RouteKind.Base => BaseAsync(context),
            RouteKind.Catalog => _lists.CatalogAsync(context),
            RouteKind.Tags => _lists.TagsAsync(context, route.Name),
            RouteKind.Blob => _blobs.HandleAsync(context, route),
            RouteKind.Upload => _uploads.HandleAsync(context, route),
            RouteKind.Manifest => _manifests.HandleAsync(context, route),
            RouteKind.Referrers => _referrers.OciAsync(context, route),
            RouteKind.OrasReferrers => _referrers.OrasAsync(context, route),
            _ => _referrers.DiscoverAsync(context, route),
        });
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

    private Task BaseAsync(HttpContext context) =>
        services.Has(Fault.BaseWrongStatus)
            ? Responses.EmptyAsync(context, StatusCodes.Status204NoContent)
            : Responses.JsonAsync(context, new JsonObject(), MediaTypes.Json);
}
