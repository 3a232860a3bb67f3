namespace OciConformance.Http;

/// <summary>
/// How the client copes with a registry that throttles it: how long it may wait for one request
/// (<c>run.retryAfterMaxSeconds</c>), how long in all for the run (<c>run.rateLimitBudgetSeconds</c>), and how many
/// requests it may send per second (<c>run.maxRequestsPerSecond</c>, 0: as fast as the cases go).
/// </summary>
public sealed record RateLimits
{
    public TimeSpan RequestBudget { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RunBudget { get; init; } = TimeSpan.FromSeconds(600);

    public int MaxRequestsPerSecond { get; init; }
}
