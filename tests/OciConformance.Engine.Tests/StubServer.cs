using System.Net;
using System.Text;
using OciConformance.Testing;

namespace OciConformance.Engine.Tests;

/// <summary>A scriptable HTTP server on a free loopback port, for registries that misbehave on purpose.</summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StubServer(Func<HttpListenerContext, Task> handler, string host = "127.0.0.1")
    {
        _handler = handler;
        var port = Loopback.FreePort(host);
        BaseAddress = new Uri($"http://{host}:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    public List<(string Method, string Path, string? Authorization)> Requests { get; } = [];

    public static async Task Respond(HttpListenerContext context, int status, string body = "", params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.AddHeader(name, value);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

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

            lock (Requests)
            {
                Requests.Add((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"]));
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context);
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
                {
                    // The client went away (a time-out test does exactly that).
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}
