using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OciConformance.Engine.Tests;

/// <summary>One request as the raw stub read it: the request line's method and target, and the header lines.</summary>
public sealed record RawRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public bool FromProbe => Headers.TryGetValue("User-Agent", out var agent) && agent.Contains("wire probe", StringComparison.Ordinal);
}

/// <summary>
/// An HTTP/1.1 server on a loopback socket that writes whatever bytes a test scripts, so a test can send what no HTTP
/// server library would (a HEAD answer with content, a false Content-Encoding). Requests have no bodies; a scripted
/// answer of null leaves the connection silent.
/// </summary>
public sealed class RawStubServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawRequest, byte[]?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RawStubServer(Func<RawRequest, byte[]?> answer)
    {
        _answer = answer;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    public List<RawRequest> Requests { get; } = [];

    /// <summary>An answer with the given status, header lines and content, stated with Content-Length unless the headers frame it.</summary>
    public static byte[] Answer(int status, string content = "", params string[] headers) => Answer(status, Encoding.UTF8.GetBytes(content), headers);

    public static byte[] Answer(int status, byte[] content, params string[] headers)
    {
        var framed = headers.Any(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) || h.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase));
        var head = new StringBuilder($"HTTP/1.1 {status} X\r\n");
        foreach (var header in framed ? headers : [.. headers, $"Content-Length: {content.Length}"])
        {
            head.Append(header).Append("\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. content];
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[8192];
            try
            {
                while (true)
                {
                    int end;
                    while ((end = IndexOfHeaderEnd(pending)) < 0)
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        pending.AddRange(buffer.AsSpan(0, read));
                    }

                    var request = Parse(Encoding.ASCII.GetString([.. pending.Take(end)]));
                    pending.RemoveRange(0, end + 4);
                    lock (Requests)
                    {
                        Requests.Add(request);
                    }

                    if (_answer(request) is not { } answer)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    }

                    await stream.WriteAsync(answer, _stop.Token);
                    if (ClosesConnection(answer))
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    /// <summary>Whether the answer's header section says <c>Connection: close</c>: a server then ends the connection after it.</summary>
    private static bool ClosesConnection(byte[] answer)
    {
        var text = Encoding.Latin1.GetString(answer);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return text[..(end < 0 ? text.Length : end)].Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase);
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static RawRequest Parse(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawRequest(parts[0], parts[1], headers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
