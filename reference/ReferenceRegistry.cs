using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OciConformance.Reference.Faults;
using OciConformance.Reference.Http;

namespace OciConformance.Reference;

/// <summary>A running reference registry on Kestrel. Dispose to stop it.</summary>
public sealed class ReferenceRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReferenceRegistry(WebApplication app, RegistryOptions options, Uri baseAddress)
    {
        _app = app;
        Options = options;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the registry listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public RegistryOptions Options { get; }

    /// <summary>Starts a registry; throws <see cref="ArgumentException"/> for unknown faults or inconsistent options.</summary>
    public static async Task<ReferenceRegistry> StartAsync(RegistryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var faults = FaultLayer.Of(RegistryFaults.Named(options.Faults));
        if (options.Auth != RegistryAuthMode.None && options.Users.Count == 0)
        {
            throw new ArgumentException($"Auth mode {options.Auth} needs at least one user.", nameof(options));
        }

        if (options.AnonymousPull && options.Auth != RegistryAuthMode.Token)
        {
            throw new ArgumentException("Anonymous pulls need token auth: anonymous tokens come from the token service.", nameof(options));
        }

        if (options.RateLimitEvery < 0 || options.RateLimitRetryAfterSeconds < 0)
        {
            throw new ArgumentException($"RateLimitEvery ({options.RateLimitEvery}) and RateLimitRetryAfterSeconds ({options.RateLimitRetryAfterSeconds}) cannot be negative.", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port {options.Port} is outside 0-65535.", nameof(options));
        }

        var services = new RegistryServices(options, faults);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ReferenceRegistry).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The suite hosts the registry in-process and prints its own progress: warnings only.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A failed start (port in use, bad folder) surfaces as the exception StartAsync throws; no second stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;

            // One byte per character, as HTTP/1.1 has it: a fault can send header bytes that are not UTF-8.
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            if (IPAddress.TryParse(options.Host, out var address))
            {
                kestrel.Listen(address, options.Port);
            }
            else
            {
                kestrel.ListenLocalhost(options.Port == 0 ? FreePort() : options.Port);
            }
        });

        var app = builder.Build();
        if (options.OnRequest is { } observe)
        {
            app.Use((context, next) =>
            {
                observe(context.Request.Method, $"{context.Request.Path}{context.Request.QueryString}");
                return next(context);
            });
        }

        if (options.RateLimitEvery > 0)
        {
            // Ahead of the fault layer and the endpoints: a throttled request reaches neither.
            app.Use(new RateLimitGate(options.RateLimitEvery, options.RateLimitRetryAfterSeconds).InvokeAsync);
        }

        if (faults.RewritesResponses)
        {
            app.Use((context, next) => faults.RewriteResponsesAsync(context, next, services));
        }

        var endpoints = new RegistryEndpoints(services, faults.Filters(services));
        app.Map("/token", (HttpContext context) => TokenEndpoint.HandleAsync(context, services));
        app.Map("/v2", endpoints.HandleAsync);
        app.Map("/v2/{**path}", endpoints.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = IPAddress.TryParse(options.Host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{options.Host}]"
            : options.Host;
        return new ReferenceRegistry(app, options, new Uri($"http://{host}:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Kestrel cannot bind "localhost" to port 0, so a free port is picked up front in that case.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
