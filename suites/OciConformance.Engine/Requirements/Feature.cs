using OciConformance.Results;

namespace OciConformance.Requirements;

/// <summary>
/// What a registry's lack of a feature means, which decides the outcome of a case whose gate finds the feature absent.
/// </summary>
public enum FeatureKind
{
    /// <summary>The spec leaves it to the registry (a MAY, or rules that bind "if the registry supports" it): not supported.</summary>
    Optional,

    /// <summary>The spec asks every registry for it: its absence earns what a miss of <see cref="Feature.Requirement"/> earns at the checked version.</summary>
    Recommended,

    /// <summary>Its rules bind only once <see cref="Feature.Condition"/> arises: until then the case is not applicable.</summary>
    Conditional,

    /// <summary>A proposal, an extension or a legacy format the spec does not ask for: not supported.</summary>
    BeyondSpec,
}

/// <summary>A feature a gate check decides on, as declared once in a catalog's <c>features</c>.</summary>
public sealed record Feature
{
    public required string Id { get; init; }
    public required FeatureKind Kind { get; init; }

    /// <summary>The catalogued statement that asks for the feature or grants it.</summary>
    public string? Requirement { get; init; }

    /// <summary>For a <see cref="FeatureKind.Conditional"/> feature: when its rules start to bind.</summary>
    public string? Condition { get; init; }

    /// <summary>Why the feature is of its kind, in the catalog authors' words.</summary>
    public required string Why { get; init; }

    public required string Spec { get; init; }

    public static FeatureKind ParseKind(string text) => text switch
    {
        "optional" => FeatureKind.Optional,
        "recommended" => FeatureKind.Recommended,
        "conditional" => FeatureKind.Conditional,
        "beyond-spec" => FeatureKind.BeyondSpec,
        _ => throw new FormatException($"'{text}' is not a feature kind (optional, recommended, conditional, beyond-spec)."),
    };
}

public static class Misses
{
    /// <summary>
    /// The outcome a failed check of the requirement earns at a spec version: a MUST fails, unless only a table or an
    /// inference asks for it (<see cref="Requirement.Inferred"/>), which warns like a SHOULD; a MAY is not supported.
    /// </summary>
    public static Outcome MissAt(this Requirement requirement, string version) => requirement.LevelAt(version) switch
    {
        var level when level.IsMandatory() => requirement.Inferred is null ? Outcome.Failed : Outcome.Warning,
        var level when level.IsRecommended() => Outcome.Warning,
        _ => Outcome.NotSupported,
    };
}
