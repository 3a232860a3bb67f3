using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>The image index a client keeps under a referrers tag, read from and written to the registry.</summary>
public static class ReferrersTagIndex
{
    public static readonly ActionCheck Accepted = new("accepted", "an image index pushed under the referrers tag is accepted: 201");
    public static readonly ActionCheck Served = new("served", "the referrers tag serves the image index pushed under it, byte for byte and with its media type (404 only before the first push)");
    public static readonly ActionCheck Moved = new("moved", "after an update the referrers tag serves the new index, byte for byte");

    public static Uri Url(CaseRun run, string tag) => run.ResolveUrl($"/v2/{run.Repository}/manifests/{tag}", []);

    public static Task<RegistryResponse> GetAsync(CaseRun run, string tag, CancellationToken cancellationToken) =>
        run.SendAsync(new RegistryRequest(HttpMethod.Get, Url(run, tag)) { Headers = [new("Accept", Referrer.ImageIndex)] }, cancellationToken);

    /// <summary>The descriptors of an index the tag served; null (with a failed check) when it served something else.</summary>
    public static List<JsonObject>? Entries(CaseRun run, RegistryResponse response, string tag)
    {
        var contentType = response.Headers.Get("Content-Type");
        JsonNode? root = null;
        try
        {
            root = response.Body.Length > 0 && !response.Body.Truncated ? Content.RegistryJson.ParseNode(response.Body.Buffered) : null;
        }
        catch (JsonException)
        {
            root = null;
        }

        var manifests = root is JsonObject index && index["mediaType"]?.GetValueKind() == JsonValueKind.String && (string?)index["mediaType"] == Referrer.ImageIndex ? index["manifests"] as JsonArray : null;
        if (!run.Check(Served, ReferrersApi.MediaTypeOf(contentType) == Referrer.ImageIndex && manifests is not null,
            $"referrers tag {tag} serves an image index (Content-Type and mediaType {Referrer.ImageIndex}, a manifests array)",
            Referrer.ImageIndex, $"Content-Type {contentType ?? "absent"}: {response.Body.Excerpt(200)}", response))
        {
            return null;
        }

        return [.. manifests!.OfType<JsonObject>().Select(m => (JsonObject)m.DeepClone())];
    }

    public static byte[] Serialize(IEnumerable<JsonObject> entries) => ClientJson.Serialize(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = Referrer.ImageIndex,
        ["manifests"] = new JsonArray([.. entries]),
    });

    public static string DigestOf(JsonObject entry) => entry["digest"]?.GetValueKind() == JsonValueKind.String ? (string)entry["digest"]! : "";
}
