using System.Text.Json;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>Optional <c>with</c> arguments of the referrers actions (the required ones go through <see cref="Actions"/>).</summary>
internal static class With
{
    public static string? String(Step step, string name) =>
        Value(step, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool Flag(Step step, string name, bool fallback) =>
        Value(step, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : fallback;

    public static int Number(Step step, string name, int fallback) =>
        Value(step, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : fallback;

    private static JsonElement? Value(Step step, string name) =>
        step.With is { ValueKind: JsonValueKind.Object } with && with.TryGetProperty(name, out var value) ? value : null;

    /// <summary>"404 NAME_UNKNOWN": the status and the first error code, short enough for a case message.</summary>
    public static string Answer(Http.RegistryResponse response)
    {
        if (response.TransportError is { } error)
        {
            return $"no response ({error})";
        }

        if (ErrorBody.First(response) is { Code: { } code })
        {
            return $"{response.Status} {code}";
        }

        return response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
