using System.Text.Json;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>
/// The built-in actions, by name: every <see cref="IScenarioAction"/> in this assembly, so adding an action is
/// adding one class.
/// </summary>
public static class Actions
{
    public static IReadOnlyDictionary<string, IScenarioAction> All { get; } = typeof(IScenarioAction).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenarioAction).IsAssignableFrom(t))
        .Select(t => (IScenarioAction)Activator.CreateInstance(t)!)
        .ToDictionary(a => a.Name, StringComparer.Ordinal);

    internal static string Argument(Step step, string name) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Fixtures.FixtureException($"step '{step.Name}': action '{step.Action}' needs a string argument with.{name}.");

    /// <summary>A string argument the step may leave out.</summary>
    internal static string? OptionalArgument(Step step, string name) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new Fixtures.FixtureException($"step '{step.Name}': action '{step.Action}' takes a string as with.{name}.")
            : null;

    internal static IReadOnlyList<string> Arguments(Step step, string name) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [value.GetString()!]
            : throw new Fixtures.FixtureException($"step '{step.Name}': action '{step.Action}' needs with.{name} (a name or a list of names).");
}
