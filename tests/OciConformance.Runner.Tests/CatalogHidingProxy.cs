using System.Net;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// A registry that does not offer <c>/v2/_catalog</c> (it is optional in the spec): answers it 404 and forwards
/// every other request, as it came, to a real registry on loopback.
/// </summary>
public sealed class CatalogHidingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Type", "Content-Length", "Content-Range" };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CatalogHidingProxy(Uri upstream)
    {
        _upstream = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = upstream };
        BaseAddress = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (context.Request.Url!.AbsolutePath == "/v2/_catalog")
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), context.Request.Url.PathAndQuery);
            foreach (var name in context.Request.Headers.AllKeys.OfType<string>().Where(n => n is "Accept" or "Authorization"))
            {
                request.Headers.TryAddWithoutValidation(name, context.Request.Headers[name]);
            }

            using var answer = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(h => !ContentHeaders.Contains(h.Key) && h.Key != "Transfer-Encoding"))
            {
                response.AddHeader(name, string.Join(", ", values));
            }

            response.ContentType = answer.Content.Headers.ContentType?.ToString();
            if (answer.Content.Headers.ContentLength is { } length)
            {
                response.ContentLength64 = length;
            }

            if (context.Request.HttpMethod != "HEAD")
            {
                await answer.Content.CopyToAsync(response.OutputStream, _stop.Token);
            }

            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException or HttpRequestException)
        {
            // The test is over, or a client went away: nothing is left to answer.
            response.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        await _loop;
        _upstream.Dispose();
        _stop.Dispose();
    }
}
