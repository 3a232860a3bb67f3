using System.Globalization;
using System.Text.Json.Nodes;

namespace OciConformance.Configuration;

/// <summary>
/// <c>targets</c>: several registries in one invocation. In conformance.json an array of entries; as text
/// (<c>--targets reference=,distribution=http://127.0.0.1:5000</c>) comma-separated name=URL pairs. An entry holds a
/// name and may override any of <see cref="Fields"/>; what it does not set it inherits from the single target.
/// </summary>
internal sealed record TargetsSetting : Setting
{
    public const string NameField = "name";

    /// <summary>The settings an entry may override, each under the last part of its key (<c>url</c>, <c>referrersApi</c> …).</summary>
    public required IReadOnlyList<Setting> Fields { get; init; }

    public override string JsonType => "array";

    public override bool IsShown => true;

    public Setting? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public override JsonNode FromText(string text) => new JsonArray([.. text
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(pair => pair.Split('=', 2))
        .Select(parts => new JsonObject { [NameField] = parts[0], ["url"] = parts.Length == 2 ? parts[1] : "" })]);

    public override JsonNode? Json(ConformanceOptions options) => options.Targets.Count == 0
        ? null
        : new JsonArray([.. options.Targets.Select(t => new JsonObject { [NameField] = t.Name, ["url"] = t.Target.Url?.ToString() ?? "" })]);

    internal override TextKey? Below(IReadOnlyList<string> rest)
    {
        if (rest.Count != 2 || !int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        return string.Equals(rest[1], NameField, StringComparison.OrdinalIgnoreCase) ? new TextKey([rest[0], NameField], SettingTypes.Text.FromText)
            : Field(rest[1]) is { } field ? new TextKey([rest[0], field.Name], field.FromText)
            : null;
    }

    internal override ConformanceOptions Apply(ConformanceOptions options, JsonNode value, Origin origin)
    {
        var targets = new List<NamedTarget>();
        foreach (var entry in value.AsArray().Select(e => e!.AsObject()))
        {
            var name = entry[NameField]!.GetValue<string>();
            if (targets.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConfigurationException($"{origin.At(Key)}: target name '{name}' is used twice; names must be unique, they name report folders.");
            }

            var own = options;
            foreach (var (field, fieldValue) in entry.Where(p => p.Key != NameField))
            {
                own = Field(field)!.Apply(own, fieldValue!, origin);
            }

            targets.Add(new NamedTarget(name, own.Target, own.Embedded));
        }

        return options with { Targets = targets };
    }
}
