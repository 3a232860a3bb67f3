using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The wire probe against a socket server that sends what HttpClient would hide: each deviation fails the check for
/// its rule, a clean answer in any framing passes, credentials reach the socket, and a silent server costs one time-out.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class WireProbeTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("{\"conformance\":\"wire\"}");
    private static readonly string ContentDigest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Content))}";
    private static readonly string BlobPath = $"/v2/harness/wire/blobs/{ContentDigest}";

    private static readonly string Probe = Harness.Scenario(
        $$"""
        { "name": "probe", "action": "head-on-the-wire", "with": { "path": "{{BlobPath}}", "digest": "{{ContentDigest}}" },
          "checks": { "head-no-body": "dist.general.head-no-content", "head-length": "dist.general.head-length-as-get",
                      "content-encoding": "dist.general.content-encoding-accurate" } }
        """,
        "\"dist.general.head-no-content\", \"dist.general.head-length-as-get\", \"dist.general.content-encoding-accurate\"");

    [Test]
    public async Task Clean_answers_in_every_framing_pass()
    {
        // HEAD states the length GET sends for the same request: the coded length when GET is gzip-coded.
        foreach (var (get, length) in new[]
        {
            (RawStubServer.Answer(200, Content), Content.Length),
            (RawStubServer.Answer(200, Chunked(Content), "Transfer-Encoding: chunked"), Content.Length),
            (RawStubServer.Answer(200, Gzip(Content), "Content-Encoding: gzip"), Gzip(Content).Length),
        })
        {
            await using var stub = new RawStubServer(r => r.Method == "HEAD" ? HeadOf(length) : Get(r, get));
            var result = await RunAsync(stub);

            Assert.That(result.Checks.Where(c => !c.Setup).Select(c => (c.Requirement, c.Passed)), Is.EquivalentTo(new[]
            {
                ("dist.general.head-no-content", true),
                ("dist.general.head-length-as-get", true),
                ("dist.general.content-encoding-accurate", true),
            }), result.Message);
        }
    }

    [Test]
    public async Task Content_after_a_HEAD_answer_fails_and_is_shown_in_the_exchange()
    {
        await using var stub = new RawStubServer(r => r.Method == "HEAD" ? [.. HeadOf(Content.Length), .. Content] : Get(r, RawStubServer.Answer(200, Content)));
        var result = await RunAsync(stub);
        var check = result.Checks.Single(c => c.Requirement == "dist.general.head-no-content");
        var head = result.Exchanges.Single(e => e.Sequence == check.Exchange);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Failed));
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Actual, Does.StartWith($"{Content.Length} bytes, starting {{\"conformance\""));
            Assert.That(head.Method, Is.EqualTo("HEAD"));
            Assert.That(head.ResponseBody, Does.StartWith("(on the wire after the header section) {\"conformance\""));
            Assert.That(result.Exchanges.Select(e => e.Method), Is.EqualTo(new[] { "HEAD", "HEAD", "GET" }), "the client's HEAD, then the probe's two");
        });
    }

    [Test]
    public async Task A_HEAD_answer_that_closes_is_read_to_its_end_and_GET_goes_on_a_new_connection()
    {
        await using var stub = new RawStubServer(r => r.Method == "HEAD" ? [.. HeadOf(Content.Length, "Connection: close"), .. Content] : Get(r, RawStubServer.Answer(200, Content)));
        var result = await RunAsync(stub);

        Assert.Multiple(() =>
        {
            Assert.That(result.Checks.Single(c => c.Requirement == "dist.general.head-no-content").Passed, Is.False);
            Assert.That(result.Checks.Single(c => c.Requirement == "dist.general.content-encoding-accurate").Passed, Is.True);
        });
    }

    [Test]
    public async Task A_HEAD_length_other_than_GETs_fails()
    {
        await using var stub = new RawStubServer(r => r.Method == "HEAD" ? HeadOf(Content.Length + 5) : Get(r, RawStubServer.Answer(200, Content)));
        var check = (await RunAsync(stub)).Checks.Single(c => c.Requirement == "dist.general.head-length-as-get");

        Assert.Multiple(() =>
        {
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Actual, Is.EqualTo($"{Content.Length + 5}"));
        });
    }

    [Test]
    public async Task Uncoded_bytes_labelled_gzip_fail()
    {
        await using var stub = new RawStubServer(r => r.Method == "HEAD" ? HeadOf(Content.Length) : Get(r, RawStubServer.Answer(200, Content, "Content-Encoding: gzip")));
        var check = (await RunAsync(stub)).Checks.Single(c => c.Requirement == "dist.general.content-encoding-accurate");

        Assert.Multiple(() =>
        {
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Actual, Does.StartWith("the body is not gzip-coded"));
        });
    }

    [Test]
    public async Task The_socket_carries_the_credentials_the_client_earned()
    {
        const string Expected = "Basic dXNlcjpzZWNyZXQ=";
        await using var stub = new RawStubServer(r => !r.Headers.TryGetValue("Authorization", out var given) || given != Expected
            ? RawStubServer.Answer(401, "", "WWW-Authenticate: Basic realm=\"stub\"")
            : r.Method == "HEAD" ? HeadOf(Content.Length) : RawStubServer.Answer(200, Content));
        var result = await RunAsync(stub, Harness.Options(stub.BaseAddress, username: "user", password: "secret"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(stub.Requests.Where(r => r.FromProbe).Select(r => r.Headers.GetValueOrDefault("Authorization")), Is.EqualTo(new[] { Expected, Expected }));
            Assert.That(result.Exchanges.SelectMany(e => e.RequestHeaders).Select(h => h.Value), Has.None.Contains("dXNlcjpzZWNyZXQ="), "the exchanges are redacted");
        });
    }

    [Test]
    public async Task A_429_on_the_socket_is_waited_out_and_the_probe_sent_again()
    {
        var throttled = 0;
        await using var stub = new RawStubServer(r => r.FromProbe && Interlocked.Increment(ref throttled) == 1
            ? RawStubServer.Answer(429, "", "Retry-After: 1", "Content-Length: 0")
            : r.Method == "HEAD" ? HeadOf(Content.Length) : Get(r, RawStubServer.Answer(200, Content)));
        var result = await RunAsync(stub);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(result.Throttling?.Requests, Is.EqualTo(1));
            Assert.That(result.Exchanges.Single(e => e.Status == 429).RateLimit, Does.EndWith("then sent it again"));
        });
    }

    [Test]
    public async Task A_silent_server_costs_one_time_out_and_is_the_suites_error()
    {
        await using var stub = new RawStubServer(r => r.FromProbe ? null : r.Method == "HEAD" ? HeadOf(Content.Length) : RawStubServer.Answer(200, Content));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await RunAsync(stub, Harness.Options(stub.BaseAddress, timeoutSeconds: 1));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Error));
            Assert.That(result.Message, Does.Contain("nothing more within 1 s"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    private static async Task<CaseResult> RunAsync(RawStubServer stub, Configuration.ConformanceOptions? options = null) =>
        (await Harness.RunAsync(stub.BaseAddress, Harness.DataWith(Probe), options ?? Harness.Options(stub.BaseAddress))).Single();

    /// <summary>/v2/ answers 200 for the run's access check; the blob path gets the scripted GET.</summary>
    private static byte[] Get(RawRequest request, byte[] answer) => request.Path == BlobPath ? answer : RawStubServer.Answer(200, "{}");

    private static byte[] HeadOf(int length, params string[] headers) => RawStubServer.Answer(200, [], [$"Content-Length: {length}", .. headers]);

    private static byte[] Chunked(byte[] content) =>
        [.. Encoding.ASCII.GetBytes($"{content.Length:x}\r\n"), .. content, .. "\r\n0\r\n\r\n"u8.ToArray()];

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
