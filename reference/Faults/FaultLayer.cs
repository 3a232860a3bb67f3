using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

/// <summary>Changes a body as it streams out, one chunk at a time; made anew for each response, so it may keep state.</summary>
internal delegate ReadOnlyMemory<byte> ChunkTransform(ReadOnlyMemory<byte> chunk);

/// <summary>
/// Where faults plug into one registry instance: around its services, between its gates and its handlers, and on its
/// responses. With no fault switched on it is empty and the registry runs as written.
/// </summary>
internal sealed class FaultLayer : IServiceDecorators
{
    private readonly List<(Type Service, Func<object, RegistryServices, object> Decorate)> _decorators = [];
    private readonly List<Func<Exchange, Func<Task>, Task>> _filters = [];
    private readonly List<(Func<Exchange, bool> When, Action<Exchange> Rewrite)> _headerRewrites = [];
    private readonly List<(Func<Exchange, bool> When, Func<Exchange, byte[], byte[]> Rewrite)> _bodyRewrites = [];
    private readonly List<(Func<Exchange, bool> When, Func<ChunkTransform> Create)> _transforms = [];

    public static FaultLayer Of(IEnumerable<RegistryFault> faults)
    {
        var layer = new FaultLayer();
        foreach (var fault in faults)
        {
            fault.Apply(layer);
        }

        return layer;
    }

    /// <summary>Wraps a service of the registry as it is composed.</summary>
    public void Decorate<TService>(Func<TService, RegistryServices, TService> decorate)
        where TService : class =>
        _decorators.Add((typeof(TService), (service, services) => decorate((TService)service, services)));

    /// <summary>Answers instead of the handler when <paramref name="when"/> holds (after the gates: method, name, auth, read-only).</summary>
    public void Answer(Func<Exchange, bool> when, Func<Exchange, Task> answer) =>
        _filters.Add((exchange, next) => when(exchange) ? answer(exchange) : next());

    /// <summary>Changes the request before the handler sees it.</summary>
    public void AlterRequest(Func<Exchange, bool> when, Action<Exchange> alter) =>
        _filters.Add((exchange, next) =>
        {
            if (when(exchange))
            {
                alter(exchange);
            }

            return next();
        });

    /// <summary>
    /// Sends, after the header section of a HEAD answer, the start of the body the same request would get as a GET,
    /// then closes the connection. Kestrel never writes a HEAD body, so the bytes go straight to the connection's
    /// transport once the header section is out. Closing keeps the stray bytes from being read as the next answer by
    /// a pooled client connection, which would fail whatever unrelated request happened to reuse it.
    /// </summary>
    public void SendBodyAfterHead(Func<Exchange, bool> when, int limit) =>
        _filters.Add(async (exchange, next) =>
        {
            if (!HttpMethods.IsHead(exchange.Request.Method) || !when(exchange))
            {
                await next();
                return;
            }

            var response = exchange.Response;
            var original = response.Body;
            await using var captured = new BoundedCapture(limit);
            exchange.Request.Method = HttpMethods.Get;
            response.Body = captured;
            try
            {
                await next();
            }
            finally
            {
                response.Body = original;
                exchange.Request.Method = HttpMethods.Head;
            }

            response.Headers.Connection = "close";
            await response.StartAsync(exchange.Context.RequestAborted);
            await original.FlushAsync(exchange.Context.RequestAborted);
            if (exchange.Context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionTransportFeature>() is { } transport)
            {
                await transport.Transport.Output.WriteAsync(captured.Kept, exchange.Context.RequestAborted);
                await transport.Transport.Output.FlushAsync(exchange.Context.RequestAborted);
            }
        });

    /// <summary>Changes status or headers just before they go out, when the handler has set them.</summary>
    public void RewriteHeaders(Func<Exchange, bool> when, Action<Exchange> rewrite) => _headerRewrites.Add((when, rewrite));

    public void RemoveHeader(Func<Exchange, bool> when, string header) =>
        RewriteHeaders(when, exchange => exchange.Response.Headers.Remove(header));

    /// <summary>Answers <paramref name="to"/> where the handler answered <paramref name="from"/>, stating a length as <see cref="Responses.EmptyAsync"/> does.</summary>
    public void ReplaceStatus(Func<Exchange, bool> when, int from, int to) =>
        RewriteHeaders(exchange => exchange.Status == from && when(exchange), exchange =>
        {
            var response = exchange.Response;
            response.StatusCode = to;
            if (to == StatusCodes.Status204NoContent)
            {
                response.ContentLength = null;
            }
            else if (from == StatusCodes.Status204NoContent)
            {
                response.ContentLength = 0;
            }
        });

    /// <summary>
    /// Rewrites a JSON body (error bodies, lists, manifests) once the handler has written all of it; <paramref name="when"/>
    /// is asked at the first write, with status and headers set. Blob bodies are never held back.
    /// </summary>
    public void RewriteBody(Func<Exchange, bool> when, Func<Exchange, byte[], byte[]> rewrite) => _bodyRewrites.Add((when, rewrite));

    public void RewriteJson(Func<Exchange, bool> when, Func<Exchange, JsonNode, JsonNode> rewrite) =>
        RewriteBody(when, (exchange, body) => JsonNode.Parse(body) is { } json ? JsonSerializer.SerializeToUtf8Bytes(rewrite(exchange, json), Responses.Json) : body);

    /// <summary>Changes a body chunk by chunk as it streams out, however large; <paramref name="when"/> is asked at the first write.</summary>
    public void TransformBody(Func<Exchange, bool> when, Func<ChunkTransform> create) => _transforms.Add((when, create));

    TService IServiceDecorators.Decorate<TService>(TService service, RegistryServices services) =>
        _decorators.Where(d => d.Service == typeof(TService))
            .Aggregate(service, (inner, decorator) => (TService)decorator.Decorate(inner, services));

    public IEnumerable<RegistryFilter> Filters(RegistryServices services) =>
        _filters.Select(filter => (RegistryFilter)((request, next) =>
            filter(new Exchange(request.Context, request.Route, services), () => next(request))));

    public bool RewritesResponses => _headerRewrites.Count > 0 || _bodyRewrites.Count > 0 || _transforms.Count > 0;

    /// <summary>Middleware that runs the response rewrites around the rest of the pipeline.</summary>
    public async Task RewriteResponsesAsync(HttpContext context, RequestDelegate next, RegistryServices services)
    {
        var exchange = new Exchange(context, RegistryRoute.Parse(context.Request.Path.Value ?? string.Empty), services);
        if (_headerRewrites.Count > 0)
        {
            context.Response.OnStarting(() =>
            {
                foreach (var (when, rewrite) in _headerRewrites.Where(r => r.When(exchange)))
                {
                    rewrite(exchange);
                }

                return Task.CompletedTask;
            });
        }

        if (_bodyRewrites.Count == 0 && _transforms.Count == 0)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var body = new FaultResponseBody(original, () => Plan(exchange));
        context.Response.Body = body;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (body.Rewritten() is { } rewritten)
        {
            context.Response.ContentLength = rewritten.Length;
            await original.WriteAsync(rewritten, context.RequestAborted);
        }
    }

    /// <summary>What becomes of this response's body, decided once status and headers are set.</summary>
    private BodyPlan Plan(Exchange exchange)
    {
        var rewrites = IsJson(exchange.Response.ContentType) ? _bodyRewrites.Where(r => r.When(exchange)).Select(r => r.Rewrite).ToList() : [];
        var transforms = _transforms.Where(t => t.When(exchange)).Select(t => t.Create()).ToList();
        return new BodyPlan(
            rewrites.Count == 0 ? null : body => rewrites.Aggregate(body, (bytes, rewrite) => rewrite(exchange, bytes)),
            transforms.Count == 0 ? null : chunk => transforms.Aggregate(chunk, (bytes, transform) => transform(bytes)));
    }

    private static bool IsJson(string? contentType) =>
        MediaTypes.Essence(contentType) is { } essence && (essence == MediaTypes.Json || essence.EndsWith("+json", StringComparison.Ordinal));
}
