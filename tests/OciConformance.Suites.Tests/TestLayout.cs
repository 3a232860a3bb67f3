using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OciConformance.Suites.Tests;

/// <summary>
/// Writes OCI image layouts for tests (image-spec image-layout.md): blobs under blobs/sha256/, an index.json that lists
/// the artifact manifests by tag, and oci-layout; or, with <see cref="WriteDirectory"/>, skopeo's dir: form.
/// </summary>
public sealed class TestLayout
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _entries = [];

    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string Empty = "application/vnd.oci.empty.v1+json";

    /// <summary>Adds a blob and returns its descriptor.</summary>
    public JsonObject Blob(byte[] bytes, string mediaType)
    {
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        _blobs[digest] = bytes;
        return new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = bytes.Length };
    }

    public JsonObject Blob(string text, string mediaType) => Blob(Encoding.UTF8.GetBytes(text), mediaType);

    /// <summary>A small image (config and one layer) to be a subject.</summary>
    public JsonObject Image()
    {
        var config = Blob("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""", ImageConfig);
        var layer = Blob("a layer of the subject image", "application/vnd.oci.image.layer.v1.tar");
        return Manifest(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = ImageManifest, ["config"] = config, ["layers"] = new JsonArray(layer) }, ImageManifest);
    }

    /// <summary>Adds a manifest blob written exactly as given (indented, so its bytes are no serializer's canonical form).</summary>
    public JsonObject Manifest(JsonObject manifest, string mediaType) =>
        Blob(Encoding.UTF8.GetBytes(manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })), mediaType);

    /// <summary>Lists a manifest in index.json under a tag.</summary>
    public void Tag(JsonObject descriptor, string tag)
    {
        var entry = (JsonObject)descriptor.DeepClone();
        entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        _entries.Add(entry);
    }

    public string Write(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "blobs", "sha256"));
        foreach (var (digest, bytes) in _blobs)
        {
            File.WriteAllBytes(Path.Combine(folder, "blobs", "sha256", digest["sha256:".Length..]), bytes);
        }

        File.WriteAllText(Path.Combine(folder, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray([.. _entries]) };
        File.WriteAllText(Path.Combine(folder, "index.json"), index.ToJsonString());
        return folder;
    }

    /// <summary>skopeo's dir: transport: manifest.json, every other blob in a file named by its hex digest, and a version file.</summary>
    public string WriteDirectory(string folder, JsonObject manifest)
    {
        Directory.CreateDirectory(folder);
        var digest = manifest["digest"]!.GetValue<string>();
        foreach (var (blob, bytes) in _blobs.Where(b => b.Key != digest))
        {
            File.WriteAllBytes(Path.Combine(folder, blob["sha256:".Length..]), bytes);
        }

        File.WriteAllBytes(Path.Combine(folder, "manifest.json"), _blobs[digest]);
        File.WriteAllText(Path.Combine(folder, "version"), "Directory Transport Version: 1.1\n");
        return folder;
    }

    /// <summary>
    /// An SBOM artifact with every extension point the image-spec allows: artifactType with the empty config,
    /// annotations on the manifest and its layer, an unknown field, a foreign layer listed by urls and not in the layout,
    /// and the subject image.
    /// </summary>
    public static (TestLayout Layout, JsonObject Artifact) ExtensionPoints()
    {
        var layout = new TestLayout();
        var subject = layout.Image();
        var empty = layout.Blob("{}", Empty);
        var sbom = layout.Blob("""{"spdxVersion":"SPDX-2.3","name":"{not a placeholder}"}""", "application/spdx+json");
        sbom["annotations"] = new JsonObject { ["org.opencontainers.image.title"] = "sbom.spdx.json" };
        var foreign = new JsonObject
        {
            ["mediaType"] = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            ["digest"] = $"sha256:{Convert.ToHexStringLower(SHA256.HashData("elsewhere"u8))}",
            ["size"] = 9,
            ["urls"] = new JsonArray("https://example.com/layer.tar.gz"),
        };
        var artifact = layout.Manifest(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ImageManifest,
            ["artifactType"] = "application/spdx+json",
            ["config"] = empty,
            ["layers"] = new JsonArray(sbom, foreign),
            ["subject"] = subject,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z", ["com.example.note"] = "{kept as is}" },
            ["com.example.unknown"] = new JsonObject { ["kept"] = true },
        }, ImageManifest);
        layout.Tag(artifact, "sbom");
        return (layout, artifact);
    }
}
