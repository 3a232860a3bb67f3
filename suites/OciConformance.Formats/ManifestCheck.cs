namespace OciConformance.Formats;

/// <summary>What checking a body against the catalog found.</summary>
public enum CheckOutcome
{
    Valid,
    Invalid,
    NotJson,
    UnknownMediaType,
}

/// <summary>The result of <see cref="FormatCatalog.Check(string, ReadOnlyMemory{byte})"/>: the format and version chosen, and every violation.</summary>
public sealed record ManifestCheck(
    string MediaType,
    ManifestFormat? Format,
    FormatVersion? Version,
    CheckOutcome Outcome,
    IReadOnlyList<SchemaViolation> Violations)
{
    public bool IsValid => Outcome == CheckOutcome.Valid;

    /// <summary>The distinct rule ids broken, in order of first appearance.</summary>
    public IReadOnlyList<string> Rules => [.. Violations.Select(v => v.Rule).OfType<string>().Distinct(StringComparer.Ordinal)];

    public override string ToString() => Outcome switch
    {
        CheckOutcome.UnknownMediaType => $"media type '{MediaType}' is not in the format catalog",
        CheckOutcome.Valid => $"{Format?.Name} {Version?.Version}: valid",
        _ => $"{Format?.Name} {Version?.Version}: {string.Join("; ", Violations.Select(v => $"{v.Rule ?? "(no rule)"} at '{v.InstancePath}': {v.Message}"))}",
    };
}
