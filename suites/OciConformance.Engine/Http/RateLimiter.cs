using System.Diagnostics;
using System.Globalization;

namespace OciConformance.Http;

/// <summary>What the client does about one 429: wait this long and send again, or let it stand; the note says how long and why, or why not.</summary>
internal sealed record ThrottleDecision(TimeSpan? Wait, string Note);

/// <summary>
/// The 429s one request has met and the time it waited for them; its budget, <c>run.retryAfterMaxSeconds</c>, is
/// spent from here. An operation that starts over after a 429 (an upload, a case) keeps one for all its attempts,
/// so starting over never renews the budget.
/// </summary>
public sealed class ThrottleWaits
{
    internal int Throttled { get; set; }

    internal TimeSpan Waited { get; set; }
}

/// <summary>
/// The run's side of rate limiting, shared by every case: the pace requests leave at and the waiting budget every
/// wait draws on. The budget counts each wait in full even when cases wait side by side, so a run is never held up
/// longer than it says.
/// </summary>
internal sealed class RateLimiter(RateLimits limits)
{
    private readonly Lock _pace = new();
    private readonly long _interval = limits.MaxRequestsPerSecond > 0 ? Stopwatch.Frequency / limits.MaxRequestsPerSecond : 0;
    private long _nextSlot;
    private long _spentTicks;

    /// <summary>Waits for this request's slot when the run is paced: slots are spread evenly over each second.</summary>
    public Task PaceAsync(CancellationToken cancellationToken)
    {
        if (_interval == 0)
        {
            return Task.CompletedTask;
        }

        long slot;
        var now = Stopwatch.GetTimestamp();
        lock (_pace)
        {
            slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + _interval;
        }

        return slot == now ? Task.CompletedTask : Task.Delay(Stopwatch.GetElapsedTime(now, slot), cancellationToken);
    }

    /// <summary>
    /// Decides about a 429: the wait it asks for (or the client's backoff) when the request may be repeated and both
    /// budgets still hold that wait, which is then taken from them; otherwise the 429 stands, and the note says why.
    /// </summary>
    public ThrottleDecision Decide(RegistryResponse throttled, string? notRepeatable, ThrottleWaits waits)
    {
        waits.Throttled++;
        var asked = RetryAfter.Asked(throttled.Headers.Get("Retry-After"), DateTimeOffset.UtcNow);
        var wait = asked ?? RetryAfter.Backoff(waits.Throttled);
        var why = asked is null ? "the client's backoff, as no usable Retry-After came" : "as Retry-After asked";
        if (notRepeatable is not null)
        {
            return new(null, notRepeatable);
        }

        if (waits.Waited + wait > limits.RequestBudget)
        {
            return new(null, $"waiting {Seconds(wait)} would take this request past run.retryAfterMaxSeconds ({Seconds(limits.RequestBudget)}, {Seconds(waits.Waited)} waited already)");
        }

        if (!TrySpend(wait))
        {
            return new(null, $"waiting {Seconds(wait)} would pass the run's waiting budget, run.rateLimitBudgetSeconds ({Seconds(limits.RunBudget)}, {Seconds(TimeSpan.FromTicks(Interlocked.Read(ref _spentTicks)))} waited already)");
        }

        waits.Waited += wait;
        return new(wait, $"waited {Seconds(wait)} ({why})");
    }

    private bool TrySpend(TimeSpan wait)
    {
        while (true)
        {
            var spent = Interlocked.Read(ref _spentTicks);
            if (spent + wait.Ticks > limits.RunBudget.Ticks)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _spentTicks, spent + wait.Ticks, spent) == spent)
            {
                return true;
            }
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
