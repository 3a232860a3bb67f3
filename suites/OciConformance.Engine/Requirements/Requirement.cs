namespace OciConformance.Requirements;

/// <summary>One normative statement of a spec, as catalogued in <c>fixtures/requirements/*.json</c>.</summary>
public sealed record Requirement
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Text { get; init; }
    public required RequirementLevel Level { get; init; }
    public required string Section { get; init; }
    public required string Link { get; init; }
    public required string Actor { get; init; }
    public required bool Testable { get; init; }
    public string? UntestableReason { get; init; }
    public required string Profile { get; init; }
    public required string Since { get; init; }
    public string? Until { get; init; }
    public string? Endpoint { get; init; }
    public string? Changes { get; init; }
    /// <summary>The feature (declared in a catalog's <c>features</c>) whose presence this statement presumes.</summary>
    public string? OptionalFeature { get; init; }

    /// <summary>
    /// Set when no sentence of the spec demands the behaviour, only a table row or an inference from one: why, quoting
    /// the table. A miss then warns, whatever the level.
    /// </summary>
    public string? Inferred { get; init; }

    /// <summary>The requirement this one restates; checks of it are reported under that id.</summary>
    public string? SameAs { get; init; }

    /// <summary>The level at spec versions where it differed from <see cref="Level"/> (e.g. a SHOULD that became a MUST).</summary>
    public IReadOnlyDictionary<string, RequirementLevel> Levels { get; init; } = new Dictionary<string, RequirementLevel>();

    public required string Spec { get; init; }
}

/// <summary>RFC 2119 levels, in the order of how much a miss weighs.</summary>
public enum RequirementLevel
{
    May,
    ShouldNot,
    Should,
    MustNot,
    Must,
}

public static class RequirementLevels
{
    public static RequirementLevel Parse(string text) => text switch
    {
        "MUST" => RequirementLevel.Must,
        "MUST NOT" => RequirementLevel.MustNot,
        "SHOULD" => RequirementLevel.Should,
        "SHOULD NOT" => RequirementLevel.ShouldNot,
        "MAY" => RequirementLevel.May,
        _ => throw new FormatException($"'{text}' is not a requirement level (MUST, MUST NOT, SHOULD, SHOULD NOT, MAY)."),
    };

    public static string ToText(this RequirementLevel level) => level switch
    {
        RequirementLevel.Must => "MUST",
        RequirementLevel.MustNot => "MUST NOT",
        RequirementLevel.Should => "SHOULD",
        RequirementLevel.ShouldNot => "SHOULD NOT",
        _ => "MAY",
    };

    public static bool IsMandatory(this RequirementLevel level) => level is RequirementLevel.Must or RequirementLevel.MustNot;

    public static bool IsRecommended(this RequirementLevel level) => level is RequirementLevel.Should or RequirementLevel.ShouldNot;
}
