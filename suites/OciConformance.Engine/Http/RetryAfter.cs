using System.Net.Http.Headers;

namespace OciConformance.Http;

/// <summary>
/// How long a 429 asks the client to wait. <c>Retry-After</c> holds delta-seconds or an HTTP date; without a usable
/// one (absent, unreadable, zero, or a date already past) the client backs off by itself: 1 s, then twice as long on
/// each further 429 of the same request, never more than 30 s at a time. Never waiting zero keeps a registry that
/// throttles with <c>Retry-After: 0</c> from spinning the client, and makes every wait draw on the budgets.
/// </summary>
public static class RetryAfter
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Longer waits are all "far too long"; capping keeps the arithmetic clear of overflow.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    /// <summary>The wait <paramref name="header"/> asks for, or null when it asks for none the client can use.</summary>
    public static TimeSpan? Asked(string? header, DateTimeOffset now)
    {
        if (header is null || !RetryConditionHeaderValue.TryParse(header.Trim(), out var value))
        {
            return null;
        }

        var wait = value.Delta ?? (value.Date is { } date ? date - now : TimeSpan.Zero);
        return wait <= TimeSpan.Zero ? null : wait > Longest ? Longest : wait;
    }

    /// <summary>The client's own wait before the <paramref name="attempt"/>-th repetition of a request (1 for the first).</summary>
    public static TimeSpan Backoff(int attempt) =>
        attempt >= 6 ? LongestBackoff : FirstBackoff * (1 << Math.Max(0, attempt - 1));
}
