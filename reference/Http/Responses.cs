using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>Writes bodies and spec error responses.</summary>
internal static class Responses
{
    /// <summary>JSON as registries in the field write it: <c>+</c> in a media type as itself, not <c>\u002B</c>.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task ErrorAsync(HttpContext context, RegistryError error) =>
        JsonAsync(context, ErrorBody(error), MediaTypes.Json, error.Status);

    /// <summary>The spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
    public static JsonObject ErrorBody(RegistryError error)
    {
        var entry = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        if (error.Detail is not null)
        {
            entry["detail"] = JsonSerializer.SerializeToNode(error.Detail);
        }

        return new JsonObject { ["errors"] = new JsonArray(entry) };
    }

    /// <summary>Writes the body for HEAD too: Kestrel drops it, and the HEAD states the length its GET would send.</summary>
    public static async Task JsonAsync(HttpContext context, JsonNode body, string contentType, int status = StatusCodes.Status200OK)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>An empty answer that states its length (clients wait for a body otherwise); 204 carries no length at all.</summary>
    public static Task EmptyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = status == StatusCodes.Status204NoContent ? null : 0;
        return Task.CompletedTask;
    }
}
