using System.Text.Json.Nodes;

namespace OciConformance.Reference.Faults;

/// <summary>Bends the spec error bodies (<c>{"errors":[...]}</c>) of every answer, on any route.</summary>
internal static class ErrorBodies
{
    public static void Rewrite(FaultLayer layer, Func<Exchange, JsonObject, JsonNode> rewrite) =>
        layer.RewriteJson(x => x.Status >= 400, (x, body) => body is JsonObject errorBody && errorBody["errors"] is JsonArray ? rewrite(x, errorBody) : body);

    /// <summary>Changes each entry of the errors list.</summary>
    public static void RewriteEntries(FaultLayer layer, Action<Exchange, JsonObject> rewrite) =>
        Rewrite(layer, (x, body) =>
        {
            foreach (var entry in body["errors"]!.AsArray().OfType<JsonObject>())
            {
                rewrite(x, entry);
            }

            return body;
        });
}

internal sealed class ErrorBodyMalformed() : RegistryFault(
    "error-body-malformed",
    "Error bodies are JSON of the wrong shape ({\"error\":{...}} instead of {\"errors\":[...]}).",
    "A JSON error body MUST be {\"errors\":[{\"code\",\"message\",\"detail\"}]}.")
{
    public override void Apply(FaultLayer layer) =>
        ErrorBodies.Rewrite(layer, (_, body) => new JsonObject { ["error"] = body["errors"]![0]!.DeepClone() });
}

internal sealed class ErrorCodeWrong() : RegistryFault(
    "error-code-wrong",
    "Error bodies carry the code UNKNOWN instead of the right one.",
    "Error codes MUST be one of the spec's table.")
{
    public override void Apply(FaultLayer layer) => ErrorBodies.RewriteEntries(layer, (_, entry) => entry["code"] = "UNKNOWN");
}

internal sealed class ErrorCodeLowercase() : RegistryFault(
    "error-code-lowercase",
    "Error codes are sent in lower case (blob_unknown).",
    "An error code MUST be upper-case letters and underscores.")
{
    public override void Apply(FaultLayer layer) =>
        ErrorBodies.RewriteEntries(layer, (_, entry) => entry["code"] = entry["code"]!.GetValue<string>().ToLowerInvariant());
}

internal sealed class ErrorMessageNotText() : RegistryFault(
    "error-message-not-text",
    "Error messages are sent as a number instead of a string.",
    "An error message, when present, MUST be a string.")
{
    public override void Apply(FaultLayer layer) => ErrorBodies.RewriteEntries(layer, (x, entry) => entry["message"] = x.Status);
}

internal sealed class ErrorNameUnknownAsManifestUnknown() : RegistryFault(
    "error-name-unknown-as-manifest-unknown",
    "A repository that does not exist is reported with the code MANIFEST_UNKNOWN instead of NAME_UNKNOWN.",
    "Only the error code table pairs NAME_UNKNOWN with an unknown repository; no sentence demands the code, so this is at most a warning.")
{
    public override void Apply(FaultLayer layer) =>
        ErrorBodies.RewriteEntries(layer, (_, entry) =>
        {
            if (entry["code"]?.GetValue<string>() == "NAME_UNKNOWN")
            {
                entry["code"] = "MANIFEST_UNKNOWN";
            }
        });
}
