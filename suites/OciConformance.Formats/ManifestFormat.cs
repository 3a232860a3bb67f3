namespace OciConformance.Formats;

/// <summary>A document format (a manifest media type, or an API body without one) and its known versions, newest first.</summary>
public sealed record ManifestFormat(string Name, string? MediaType, string Title, string Profile, IReadOnlyList<FormatVersion> Versions);

/// <summary>
/// One version of a format: the schema that defines it, where its fixtures live, what in a document selects it,
/// and which C# checks (rules a schema cannot express) apply.
/// </summary>
public sealed record FormatVersion(
    string Format,
    string Version,
    string SchemaKey,
    string FixturesPath,
    IReadOnlyList<DetectClue> Detect,
    IReadOnlyList<CheckBinding> Checks)
{
    /// <summary>A version without clues is the fallback, chosen when no other version's clue is present.</summary>
    public bool IsFallback => Detect.Count == 0;
}

/// <summary>A JSON pointer (with <c>*</c> for any array item or member) whose presence, or value when <see cref="EqualsValue"/> is set, selects a version.</summary>
public sealed record DetectClue(string Location, System.Text.Json.JsonElement? EqualsValue);

/// <summary>Binds a named C# check to the rule id it reports, at the JSON pointers it inspects.</summary>
public sealed record CheckBinding(string Check, string Rule, IReadOnlyList<string> At);
