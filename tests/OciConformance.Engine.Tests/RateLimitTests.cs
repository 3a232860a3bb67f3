using System.Diagnostics;
using System.Globalization;
using OciConformance.Http;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The client honours 429s: it waits as Retry-After asks (seconds or a date, or backs off by itself), sends again
/// only what is safe to repeat, within the per-request and per-run budgets, keeps every 429 in the log, and paces a
/// run when asked.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RateLimitTests
{
    private const string TooMany = """{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}""";

    /// <summary>When each request reached the stub, on one clock the test can read too.</summary>
    private sealed class Arrivals
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<TimeSpan> _times = [];

        public TimeSpan Now => _clock.Elapsed;

        public IReadOnlyList<TimeSpan> Times
        {
            get
            {
                lock (_times)
                {
                    return [.. _times.Order()];
                }
            }
        }

        public int Record()
        {
            lock (_times)
            {
                _times.Add(_clock.Elapsed);
                return _times.Count - 1;
            }
        }
    }

    /// <summary>A registry whose nth answer (counting from 0) is 429 with the given headers when <paramref name="throttles"/> says so, else 200.</summary>
    private static StubServer Stub(Arrivals arrivals, Func<int, bool> throttles, params (string Name, string Value)[] headers) => new(context =>
        throttles(arrivals.Record())
            ? StubServer.Respond(context, 429, TooMany, [("Content-Type", "application/json"), .. headers])
            : StubServer.Respond(context, 200, "{}", ("Content-Type", "application/json")));

    private static RegistryClient Client(StubServer stub, RateLimits? limits = null) =>
        new(stub.BaseAddress, null, TimeSpan.FromSeconds(10), new Redactor(), rateLimits: limits);

    private static RegistryRequest Request(StubServer stub, string method = "GET", string path = "/v2/a/tags/list") =>
        new(new HttpMethod(method), new Uri(stub.BaseAddress, path));

    [Test]
    public async Task Retry_after_in_seconds_is_waited_and_the_request_sent_again_with_the_429_kept_in_the_log()
    {
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, n => n == 0, ("Retry-After", "1"));
        using var client = Client(stub);
        var log = new ExchangeLog();

        var response = await client.SendAsync(Request(stub), log, CancellationToken.None);

        var exchanges = log.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(exchanges.Select(e => e.Status), Is.EqualTo(new int?[] { 429, 200 }));
            Assert.That(exchanges[0].RateLimit, Is.EqualTo("waited 1 s (as Retry-After asked), then sent it again"));
            Assert.That(exchanges[0].ToTranscript(), Does.Contain("* waited 1 s"));
            Assert.That(Throttling.Of(log)?.Requests, Is.EqualTo(1));
            Assert.That(log.Waited, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(arrivals.Times[1] - arrivals.Times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)));
        });
    }

    [Test]
    public async Task Retry_after_as_an_http_date_is_waited_until_that_date()
    {
        var arrivals = new Arrivals();
        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        await using var stub = Stub(arrivals, n => n == 0, ("Retry-After", until.ToString("r", CultureInfo.InvariantCulture)));
        using var client = Client(stub);
        var log = new ExchangeLog();

        var response = await client.SendAsync(Request(stub), log, CancellationToken.None);

        // An HTTP date has whole seconds: "two seconds from now" is between one and two seconds away.
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(log.Waited, Is.InRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2)));
            Assert.That(arrivals.Times[1] - arrivals.Times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
            Assert.That(log.Snapshot()[0].RateLimit, Does.Contain("as Retry-After asked"));
        });
    }

    [TestCase(null, 2)]
    [TestCase("0", 1)]
    [TestCase("whenever", 1)]
    public async Task Without_a_usable_retry_after_the_client_backs_off_one_second_then_twice_as_long(string? retryAfter, int throttles)
    {
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, n => n < throttles, retryAfter is null ? [] : [("Retry-After", retryAfter)]);
        using var client = Client(stub);
        var log = new ExchangeLog();

        var response = await client.SendAsync(Request(stub), log, CancellationToken.None);

        var waits = Enumerable.Range(0, throttles).Select(i => 1 << i).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(log.Snapshot().Select(e => e.RateLimit), Is.EqualTo(waits.Select(w => $"waited {w} s (the client's backoff, as no usable Retry-After came), then sent it again").Append(null)));
            Assert.That(log.Waited, Is.EqualTo(TimeSpan.FromSeconds(waits.Sum())));
            Assert.That(arrivals.Times[^1] - arrivals.Times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(waits.Sum() - 0.05)));
        });
    }

    [TestCase("GET", "/v2/a/manifests/v1", true)]
    [TestCase("HEAD", "/v2/a/blobs/sha256:ab", true)]
    [TestCase("DELETE", "/v2/a/manifests/sha256:ab", true)]
    [TestCase("PUT", "/v2/a/manifests/v1", true)]
    [TestCase("PUT", "/v2/a/blobs/uploads/u1?digest=sha256:ab", true)]
    [TestCase("POST", "/v2/a/blobs/uploads/", true)]
    [TestCase("POST", "/v2/a/blobs/uploads/?mount=sha256:ab&from=b", true)]
    [TestCase("PATCH", "/v2/a/blobs/uploads/u1", false)]
    [TestCase("PUT", "/v2/a/blobs/uploads/u1", false)]
    [TestCase("POST", "/v2/a/somewhere", false)]
    public void Only_requests_harmless_to_repeat_are_repeated(string method, string path, bool repeatable) =>
        Assert.That(Repetition.WhyNotRepeatable(new RegistryRequest(new HttpMethod(method), new Uri(new Uri("http://registry.test/"), path))) is null, Is.EqualTo(repeatable));

    [TestCase(600, true)]
    [TestCase(0, false)]
    public async Task A_patch_is_not_repeated_but_its_operation_may_start_over_within_the_budget(int runBudgetSeconds, bool startsOver)
    {
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, _ => true, ("Retry-After", "1"));
        using var client = Client(stub, new RateLimits { RunBudget = TimeSpan.FromSeconds(runBudgetSeconds) });
        var log = new ExchangeLog();
        var patch = Request(stub, "PATCH", "/v2/a/blobs/uploads/u1") with { Body = RequestBody.FromBytes("chunk"u8.ToArray(), "a chunk") };

        var response = await client.SendAsync(patch, log, CancellationToken.None);
        var allowed = await client.WaitToStartOverAsync(response, new ThrottleWaits(), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(arrivals.Times, Has.Count.EqualTo(1), "the client sent the PATCH once");
            Assert.That(response.Status, Is.EqualTo(429));
            Assert.That(response.MayStartOver, Is.True);
            Assert.That(allowed, Is.EqualTo(startsOver));
            Assert.That(Throttling.Of(log)?.Requests, Is.EqualTo(1));
            Assert.That(log.Waited, Is.EqualTo(TimeSpan.FromSeconds(startsOver ? 1 : 0)));
            Assert.That(log.Snapshot().Single().RateLimit, Does.StartWith("not sent again: the client does not repeat a PATCH")
                .And.EndWith(startsOver ? "waited 1 s (as Retry-After asked), then started its operation over" : "run.rateLimitBudgetSeconds (0 s, 0 s waited already)"));
        });
    }

    [Test]
    public async Task Starting_over_draws_on_one_budget_for_all_attempts()
    {
        await using var stub = Stub(new Arrivals(), _ => true, ("Retry-After", "1"));
        using var client = Client(stub, new RateLimits { RequestBudget = TimeSpan.FromSeconds(2) });
        var log = new ExchangeLog();
        var operation = new ThrottleWaits();
        var allowed = new List<bool>();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var response = await client.SendAsync(Request(stub, "PATCH", "/v2/a/blobs/uploads/u1"), log, CancellationToken.None);
            allowed.Add(await client.WaitToStartOverAsync(response, operation, log, CancellationToken.None));
        }

        Assert.Multiple(() =>
        {
            Assert.That(allowed, Is.EqualTo(new[] { true, true, false }));
            Assert.That(log.Waited, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(log.Snapshot()[^1].RateLimit, Does.EndWith("not started over: waiting 1 s would take this request past run.retryAfterMaxSeconds (2 s, 2 s waited already)"));
        });
    }

    [Test]
    public async Task A_request_waits_no_longer_than_its_budget_and_then_the_429_stands()
    {
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, _ => true, ("Retry-After", "1"));
        using var client = Client(stub, new RateLimits { RequestBudget = TimeSpan.FromSeconds(2) });
        var log = new ExchangeLog();

        var response = await client.SendAsync(Request(stub), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(429));
            Assert.That(response.MayStartOver, Is.False, "a budget that is spent is not a reason to start over");
            Assert.That(arrivals.Times, Has.Count.EqualTo(3), "two waits of 1 s fit a budget of 2 s, a third does not");
            Assert.That(log.Waited, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(log.Snapshot()[^1].RateLimit, Is.EqualTo("not sent again: waiting 1 s would take this request past run.retryAfterMaxSeconds (2 s, 2 s waited already)"));
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_budget_is_not_waited_at_all()
    {
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, _ => true, ("Retry-After", "3600"));
        using var client = Client(stub);
        var log = new ExchangeLog();

        var response = await client.SendAsync(Request(stub), log, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(429));
            Assert.That(arrivals.Times, Has.Count.EqualTo(1));
            Assert.That(arrivals.Now, Is.LessThan(TimeSpan.FromSeconds(10)), "nothing was waited");
            Assert.That(log.Waited, Is.EqualTo(TimeSpan.Zero));
            Assert.That(log.Snapshot().Single().RateLimit, Does.Contain("waiting 3600 s would take this request past run.retryAfterMaxSeconds (60 s"));
        });
    }

    [Test]
    public async Task The_run_budget_is_shared_by_every_request_of_the_run()
    {
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, n => n is 0 or 2, ("Retry-After", "1"));
        using var client = Client(stub, new RateLimits { RunBudget = TimeSpan.FromSeconds(1) });
        var first = new ExchangeLog();
        var second = new ExchangeLog();

        var waited = await client.SendAsync(Request(stub), first, CancellationToken.None);
        var refused = await client.SendAsync(Request(stub), second, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(waited.Status, Is.EqualTo(200), "the first 429 spends the whole budget of 1 s");
            Assert.That(refused.Status, Is.EqualTo(429));
            Assert.That(first.Waited + second.Waited, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(second.Snapshot().Single().RateLimit, Is.EqualTo("not sent again: waiting 1 s would pass the run's waiting budget, run.rateLimitBudgetSeconds (1 s, 1 s waited already)"));
        });
    }

    [Test]
    public async Task A_paced_client_spreads_its_requests_over_each_second()
    {
        const int perSecond = 4;
        const int requests = 9;
        var arrivals = new Arrivals();
        await using var stub = Stub(arrivals, _ => false);
        using var client = Client(stub, new RateLimits { MaxRequestsPerSecond = perSecond });
        var start = arrivals.Now;

        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => client.SendAsync(Request(stub), new ExchangeLog(), CancellationToken.None)));

        // Request i may not leave before slot i, a quarter second apart; arrival adds only delay, so the check holds
        // however slow the machine, with a small allowance for timer granularity.
        var times = arrivals.Times;
        var slot = TimeSpan.FromSeconds(1.0 / perSecond);
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(200));
            Assert.That(times, Has.Count.EqualTo(requests));
            for (var i = 0; i < requests; i++)
            {
                Assert.That(times[i] - start, Is.GreaterThanOrEqualTo((slot * i) - TimeSpan.FromMilliseconds(50)), $"request {i}");
            }
        });
    }

    private const string UploadInSteps = """
        { "name": "open an upload", "requirement": "dist.push.upload-post-accepted",
          "request": { "method": "POST", "path": "/v2/{repo}/blobs/uploads/", "headers": { "Content-Length": "0" } },
          "expect": [ { "status": 202 } ], "capture": { "upload": { "header": "Location" } } },
        { "name": "PATCH bytes 0-9", "requirement": "dist.push.chunk-patch-accepted",
          "request": { "method": "PATCH", "url": "{upload}", "headers": { "Content-Type": "application/octet-stream", "Content-Range": "0-9" }, "body": { "text": "AAAAAAAAAA" } },
          "expect": [ { "status": 202 } ], "capture": { "upload": { "header": "Location" } } },
        { "name": "close it", "requirement": "dist.push.chunk-close-created",
          "request": { "method": "PUT", "url": "{upload}", "query": { "digest": "{blob.a.digest}" } },
          "expect": [ { "status": 201 } ] }
        """;

    private const string UploadInChunks = """
        { "name": "push the blob in three chunks", "action": "push-chunked", "with": { "blob": "a", "chunks": 3 },
          "checks": { "post": "dist.push.upload-post-accepted", "patch": "dist.push.chunk-patch-accepted", "range": "dist.push.chunk-patch-range-header",
                      "final-chunk": "dist.push.chunk-final-any-length", "close": "dist.push.chunk-close-created" },
          "expect": [ { "status": 201, "requirement": "dist.push.chunk-close-created" } ] }
        """;

    /// <summary>
    /// One scenario against a reference registry that throttles every <paramref name="every"/>th request; the access
    /// check on /v2/ is request 1, so which request meets the 429 is known.
    /// </summary>
    private static async Task<CaseResult> RunThrottledAsync(int every, string steps, string blob, RateLimits? limits = null)
    {
        await using var registry = await ReferenceRegistry.StartAsync(new RegistryOptions { RateLimitEvery = every, RateLimitRetryAfterSeconds = 1 });
        var options = Harness.Options(registry.BaseAddress);
        string[] requirements = ["dist.push.upload-post-accepted", "dist.push.chunk-patch-accepted", "dist.push.chunk-close-created", .. steps.Contains("push-chunked", StringComparison.Ordinal) ? ChunkedOnly : []];
        var data = Harness.DataWith(Harness.Scenario(steps, string.Join(", ", requirements.Select(r => $"\"{r}\"")), $$""", "blobs": { "a": { "text": "{{blob}}" } }"""));
        var report = await ConformanceEngine.RunAsync(options with { Run = options.Run with { RateLimits = limits ?? new RateLimits() } }, data);
        return report.Cases.Single();
    }

    private static readonly string[] ChunkedOnly = ["dist.push.chunk-patch-range-header", "dist.push.chunk-final-any-length"];

    private static string[] Statuses(CaseResult result) => [.. result.Exchanges.Select(e => $"{e.Method} {e.Status}")];

    [Test]
    public async Task A_case_whose_patch_step_meets_a_429_starts_over_and_passes()
    {
        // 1 GET /v2/, 2 POST, 3 PATCH: 429, the case starts over; 4 POST, 5 PATCH, 6 PUT: 429, sent again; 7 PUT.
        var result = await RunThrottledAsync(3, UploadInSteps, "AAAAAAAAAA");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(Statuses(result), Is.EqualTo(new[] { "POST 202", "PATCH 429", "POST 202", "PATCH 202", "PUT 429", "PUT 201" }));
            Assert.That(result.Exchanges[1].RateLimit, Does.StartWith("not sent again: the client does not repeat a PATCH").And.EndWith("then started its operation over"));
            Assert.That(result.Throttling, Is.EqualTo(new Throttling(2, 2)));
            Assert.That(result.Checks.Select(c => c.Passed), Is.All.True, "the first attempt's checks are not carried over");
        });
    }

    [Test]
    public async Task A_chunked_upload_whose_patch_meets_a_429_starts_its_session_over_and_passes()
    {
        // 1 GET /v2/, 2 POST, 3-4 PATCH, 5 PATCH: 429, a new session; 6 POST, 7-9 PATCH, 10 PUT: 429, sent again; 11 PUT.
        var result = await RunThrottledAsync(5, UploadInChunks, new string('A', 30));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(Statuses(result), Is.EqualTo(new[] { "POST 202", "PATCH 202", "PATCH 202", "PATCH 429", "POST 202", "PATCH 202", "PATCH 202", "PATCH 202", "PUT 429", "PUT 201" }));
            Assert.That(result.Exchanges[3].RateLimit, Does.EndWith("then started its operation over"));
            Assert.That(result.Throttling, Is.EqualTo(new Throttling(2, 2)));
        });
    }

    [Test]
    public async Task An_upload_that_can_never_get_through_is_blocked_by_rate_limit_once_its_budget_is_spent()
    {
        // Every second request throttled: each new session's first PATCH meets a 429, so only the budget ends it.
        var result = await RunThrottledAsync(2, UploadInChunks, new string('A', 30), new RateLimits { RequestBudget = TimeSpan.FromSeconds(3) });

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Blocked), result.Message);
            Assert.That(result.BlockedBy, Is.EqualTo(AccessBlock.RateLimit));
            Assert.That(result.Message, Does.Contain("not started over: waiting 1 s would take this request past run.retryAfterMaxSeconds (3 s, 3 s waited already)"));
            Assert.That(result.Exchanges.Count(e => e.Method == "POST" && e.Status == 202), Is.EqualTo(4), "the first session and three more");
        });
    }
}
