using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// A registry that does not offer <c>/v2/_catalog</c> (it is optional in the spec): answers it 404 and forwards
/// every other request, as it came, to a real registry on loopback.
/// </summary>
public sealed class CatalogHidingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private CatalogHidingProxy(WebApplication app, HttpClient upstream, Uri baseAddress)
    {
        _app = app;
        _upstream = upstream;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<CatalogHidingProxy> StartAsync(Uri upstream)
    {
        var port = Loopback.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = upstream };
        app.Run(context => context.Request.Path == "/v2/_catalog" ? NotFound(context) : ForwardAsync(client, context));
        await app.StartAsync();
        return new CatalogHidingProxy(app, client, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static async Task ForwardAsync(HttpClient upstream, HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var name in new[] { "Accept", "Authorization" }.Where(context.Request.Headers.ContainsKey))
        {
            request.Headers.TryAddWithoutValidation(name, context.Request.Headers[name].ToArray());
        }

        using var answer = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(h => h.Key != "Transfer-Encoding"))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
