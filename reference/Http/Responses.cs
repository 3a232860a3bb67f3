using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>Writes bodies and spec error responses (where two faults bend the error shape).</summary>
internal static class Responses
{
    public static Task ErrorAsync(HttpContext context, RegistryServices services, RegistryError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        var code = services.Has(Fault.ErrorCodeWrong) ? "UNKNOWN"
            : services.Has(Fault.ErrorCodeLowercase) ? error.Code.ToLowerInvariant()
            : error.Code;
        var entry = new JsonObject
        {
            ["code"] = code,
            ["message"] = services.Has(Fault.ErrorMessageNotText) ? JsonValue.Create(error.Status) : JsonValue.Create(error.Message),
        };
        if (error.Detail is not null)
        {
            entry["detail"] = JsonSerializer.SerializeToNode(error.Detail);
        }

        JsonObject body = services.Has(Fault.ErrorBodyMalformed)
            ? new JsonObject { ["error"] = entry }
            : new JsonObject { ["errors"] = new JsonArray(entry) };
        return JsonAsync(context, body, MediaTypes.Json, error.Status);
    }

    public static async Task JsonAsync(HttpContext context, JsonNode body, string contentType, int status = StatusCodes.Status200OK)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    /// <summary>An empty answer that states its length (clients wait for a body otherwise); 204 carries no length at all.</summary>
    public static Task EmptyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status != StatusCodes.Status204NoContent)
        {
            context.Response.ContentLength = 0;
        }

        return Task.CompletedTask;
    }

    public static RegistryError Unsupported(string message) =>
        new(StatusCodes.Status405MethodNotAllowed, ErrorCode.Unsupported, message);
}
