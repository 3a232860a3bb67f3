using System.Text.Json;
using OciConformance.Http;

namespace OciConformance.Engine;

/// <summary>The first entry of a registry's JSON error body (<c>{"errors":[{"code":…,"message":…}]}</c>), for messages.</summary>
public sealed record ErrorBody(string? Code, string? Message)
{
    /// <summary>The first error the answer carries, or null when its body is no error body the suite can read.</summary>
    public static ErrorBody? First(RegistryResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!ExpectationEvaluator.TryParse(response, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                && errors[0] is { ValueKind: JsonValueKind.Object } first
                ? new ErrorBody(Text(first, "code"), Text(first, "message"))
                : null;
        }
    }

    private static string? Text(JsonElement error, string name) => error.TryGetProperty(name, out var value) ? value.ToString() : null;
}
