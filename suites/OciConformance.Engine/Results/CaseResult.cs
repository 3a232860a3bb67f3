using System.Text;
using OciConformance.Http;

namespace OciConformance.Results;

/// <summary>One expectation as evaluated: which requirement it checked and, when it failed, expected versus actual.</summary>
public sealed record CheckResult
{
    public required string Requirement { get; init; }
    public required string Level { get; init; }
    public required bool Passed { get; init; }
    public required string Description { get; init; }
    public string? Expected { get; init; }
    public string? Actual { get; init; }
    public required string Step { get; init; }

    /// <summary>The sequence number of the exchange that showed it, in the case's exchange list.</summary>
    public int? Exchange { get; init; }

    /// <summary>Set on the check that decides whether an optional feature is offered.</summary>
    public string? Gate { get; init; }

    /// <summary>
    /// True when only a table or an inference asks for what the check checked (the requirement's <c>inferred</c>), so a
    /// miss warns whatever the level; absent otherwise.
    /// </summary>
    public bool? Inferred { get; init; }

    /// <summary>A check made while preparing the case; its failure blocks the case instead of failing it.</summary>
    public bool Setup { get; init; }

    /// <summary>
    /// Set when the check could not be judged because the registry refused access or throttled the request
    /// (<see cref="AccessBlock"/>); such a check counts against no requirement.
    /// </summary>
    public string? BlockedBy { get; init; }

    /// <summary>Whether a failure of this check counts against its requirement.</summary>
    public bool Counts => !Passed && Gate is null && !Setup && BlockedBy is null;
}

public sealed record CaseResult
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Profile { get; init; }
    public required IReadOnlyList<string> Requirements { get; init; }

    /// <summary>The highest level among the case's requirements.</summary>
    public required string Level { get; init; }

    public required Outcome Outcome { get; init; }

    /// <summary>One line saying why the outcome is what it is; null for a pass.</summary>
    public string? Message { get; init; }

    public string? BlockedBy { get; init; }
    public string? Repository { get; init; }
    public string? Target { get; init; }
    public double DurationMs { get; init; }

    /// <summary>Bytes the case's recorded exchanges sent and received, bodies only.</summary>
    public long TransferredBytes { get; init; }

    /// <summary><see cref="TransferredBytes"/> over the case's duration; null for a case that took no measurable time.</summary>
    public double? ThroughputBytesPerSecond { get; init; }

    /// <summary>When the case started; reports that place cases on a time line (Allure) need it.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];
    public IReadOnlyList<HttpExchange> Exchanges { get; init; } = [];

    /// <summary>The 429s the case met and the time it waited for them; null when the registry never throttled it.</summary>
    public Throttling? Throttling { get; init; }

    public string? File { get; init; }

    public IEnumerable<CheckResult> FailedChecks => Checks.Where(c => !c.Passed);

    /// <summary>The message, then each failed check with its requirement and the exchange that showed it.</summary>
    public string Explain()
    {
        var text = new StringBuilder().AppendLine(Message);
        foreach (var check in FailedChecks)
        {
            text.AppendLine($"  [{check.Requirement}] {check.Description}: expected {check.Expected}, got {check.Actual}");
            if (check.Exchange is { } sequence && Exchanges.FirstOrDefault(e => e.Sequence == sequence) is { } exchange)
            {
                exchange.AppendTranscript(text).AppendLine();
            }
        }

        return text.ToString();
    }
}
