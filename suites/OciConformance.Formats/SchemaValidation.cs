namespace OciConformance.Formats;

/// <summary>Outcome of validating one JSON instance against one schema.</summary>
public sealed record SchemaValidation(bool IsValid, IReadOnlyList<SchemaViolation> Violations)
{
    /// <summary>The distinct requirement ids broken, in order of first appearance.</summary>
    public IReadOnlyList<string> Rules => [.. Violations.Select(v => v.Rule).OfType<string>().Distinct(StringComparer.Ordinal)];
}
