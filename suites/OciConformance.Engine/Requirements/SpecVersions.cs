namespace OciConformance.Requirements;

/// <summary>
/// The spec versions a run can be checked against, oldest first, and what a requirement is at each of them: in
/// force or not (its <c>since</c> and <c>until</c>), and at which level (its <c>levels</c>, else its newest level).
/// </summary>
public static class SpecVersions
{
    /// <summary>The development head, which the catalogs are read from: every requirement at its newest level.</summary>
    public const string Default = "dev";

    public static IReadOnlyList<string> All { get; } = ["1.0", "1.1", "dev"];

    public static bool IsKnown(string version) => All.Contains(version, StringComparer.Ordinal);

    /// <summary>Whether the requirement is part of the spec at that version.</summary>
    public static bool AppliesAt(this Requirement requirement, string version)
    {
        var at = Rank(version);
        return Rank(requirement.Since) <= at && (requirement.Until is not { } until || at <= Rank(until));
    }

    /// <summary>The requirement's level at that version, where the catalog records that it changed.</summary>
    public static RequirementLevel LevelAt(this Requirement requirement, string version) =>
        requirement.Levels.TryGetValue(version, out var level) ? level : requirement.Level;

    private static int Rank(string version)
    {
        var index = All.ToList().IndexOf(version);
        return index >= 0 ? index : throw new ArgumentOutOfRangeException(nameof(version), version, $"Spec versions are {string.Join(", ", All)}.");
    }
}
