using System.Diagnostics;
using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OciConformance.Suites.Tests;

/// <summary>A blob or manifest of a layout: its bytes and the descriptor that points to it.</summary>
public sealed record LayoutItem(byte[] Bytes, string MediaType)
{
    public string Digest { get; } = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Bytes))}";

    public JsonObject Descriptor() => new() { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Bytes.Length };
}

/// <summary>
/// Content for the read-only profile's tests, written as an OCI image layout on disk (what skopeo copies from): an
/// image index of two platform images, each with a config and a small tar layer, and one more layer of a chosen size.
/// Pushed, it is what a registry the suite may only read already holds.
/// </summary>
public sealed class ReadOnlyContent
{
    public const string IndexType = "application/vnd.oci.image.index.v1+json";
    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigType = "application/vnd.oci.image.config.v1+json";
    public const string LayerType = "application/vnd.oci.image.layer.v1.tar";
    private const string Skopeo = "/usr/bin/skopeo";

    private readonly List<LayoutItem> _blobs = [];
    private readonly List<LayoutItem> _manifests = [];

    private ReadOnlyContent(string layout) => Layout = layout;

    public string Layout { get; }

    public LayoutItem Index { get; private set; } = null!;

    /// <summary>The platform images, then their configs and layers: every blob the index leads to.</summary>
    public IReadOnlyList<LayoutItem> Manifests => _manifests;

    public IReadOnlyList<LayoutItem> Blobs => _blobs;

    /// <summary>The extra layer of the first platform image, <c>largeLayerBytes</c> of tar.</summary>
    public LayoutItem LargeLayer { get; private set; } = null!;

    /// <summary>Writes the layout under <paramref name="folder"/>, its index tagged <paramref name="tag"/>.</summary>
    public static async Task<ReadOnlyContent> WriteAsync(string folder, string tag, int largeLayerBytes)
    {
        var content = new ReadOnlyContent(Path.Combine(folder, "layout"));
        Directory.CreateDirectory(Path.Combine(content.Layout, "blobs", "sha256"));
        var images = new JsonArray();
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            var layers = new List<LayoutItem> { content.Blob(Tar($"hello-{architecture}.txt", Encoding.UTF8.GetBytes($"hello from {architecture}\n")), LayerType) };
            if (architecture == "amd64")
            {
                content.LargeLayer = content.Blob(Tar("large.bin", Filler(largeLayerBytes)), LayerType);
                layers.Add(content.LargeLayer);
            }

            var config = content.Blob(Json(new JsonObject
            {
                ["architecture"] = architecture,
                ["os"] = "linux",
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray([.. layers.Select(l => JsonValue.Create(l.Digest))]) },
            }), ConfigType);
            var image = content.Manifest(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = ManifestType,
                ["config"] = config.Descriptor(),
                ["layers"] = new JsonArray([.. layers.Select(l => l.Descriptor())]),
            }, ManifestType);
            var entry = image.Descriptor();
            entry["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            images.Add(entry);
        }

        content.Index = new LayoutItem(Json(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = IndexType, ["manifests"] = images }), IndexType);
        var top = content.Index.Descriptor();
        top["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        await File.WriteAllTextAsync(Path.Combine(content.Layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        await File.WriteAllBytesAsync(Path.Combine(content.Layout, "index.json"), Json(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(top) }));
        foreach (var item in content._blobs.Concat(content._manifests).Append(content.Index))
        {
            await File.WriteAllBytesAsync(Path.Combine(content.Layout, "blobs", "sha256", item.Digest["sha256:".Length..]), item.Bytes);
        }

        return content;
    }

    /// <summary>Copies the whole index, every platform with it, to <paramref name="registry"/> as skopeo would for a user.</summary>
    public async Task CopyWithSkopeoAsync(Uri registry, string repository, string tag)
    {
        if (!File.Exists(Skopeo))
        {
            Assert.Fail($"{Skopeo} is missing: install it with `apt-get install -y skopeo` (tests/run.sh does it).");
        }

        var policy = Path.Combine(Path.GetDirectoryName(Layout)!, "policy.json");
        await File.WriteAllTextAsync(policy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        var start = new ProcessStartInfo(Skopeo, ["--policy", policy, "copy", "--all", "--retry-times", "0", "--preserve-digests", "--dest-tls-verify=false",
            $"oci:{Layout}:{tag}", $"docker://{registry.Authority}/{repository}:{tag}"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"skopeo copy --all to {repository}:{tag}: {await errors}");
    }

    /// <summary>Tags the index again under each of <paramref name="tags"/> (a PUT of its bytes, as any client may).</summary>
    public async Task TagAsync(Uri registry, string repository, IEnumerable<string> tags)
    {
        using var http = new HttpClient { BaseAddress = registry };
        foreach (var tag in tags)
        {
            using var body = new ByteArrayContent(Index.Bytes);
            body.Headers.ContentType = new MediaTypeHeaderValue(IndexType);
            using var response = await http.PutAsync(new Uri($"/v2/{repository}/manifests/{tag}", UriKind.Relative), body);
            Assert.That((int)response.StatusCode, Is.EqualTo(201), $"PUT of tag {tag}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Pushes an SBOM-like artifact whose subject is the index (its config the empty descriptor, one text layer), so the
    /// referrers API has something to list. Returns its manifest.
    /// </summary>
    public static async Task<LayoutItem> PushReferrerAsync(Uri registry, string repository, string subjectDigest, int subjectSize)
    {
        var empty = new LayoutItem("{}"u8.ToArray(), "application/vnd.oci.empty.v1+json");
        var sbom = new LayoutItem(Encoding.UTF8.GetBytes("""{"spdxVersion":"SPDX-2.3","name":"read-only test"}"""), "application/spdx+json");
        using var http = new HttpClient { BaseAddress = registry };
        foreach (var blob in new[] { empty, sbom })
        {
            using var open = await http.PostAsync(new Uri($"/v2/{repository}/blobs/uploads/", UriKind.Relative), null);
            Assert.That((int)open.StatusCode, Is.EqualTo(202), "POST of an upload");
            var upload = new Uri(registry, open.Headers.Location!);
            var location = new Uri($"{upload}{(upload.Query.Length > 1 ? "&" : "?")}digest={Uri.EscapeDataString(blob.Digest)}");
            using var bytes = new ByteArrayContent(blob.Bytes);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var put = await http.PutAsync(location, bytes);
            Assert.That((int)put.StatusCode, Is.EqualTo(201), $"PUT of blob {blob.Digest} to {location}");
        }

        var manifest = new LayoutItem(Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestType,
            ["artifactType"] = "application/spdx+json",
            ["config"] = empty.Descriptor(),
            ["layers"] = new JsonArray(sbom.Descriptor()),
            ["subject"] = new JsonObject { ["mediaType"] = IndexType, ["digest"] = subjectDigest, ["size"] = subjectSize },
            ["annotations"] = new JsonObject { ["org.opencontainers.image.created"] = "2025-01-01T00:00:00Z" },
        }), ManifestType);
        using var content = new ByteArrayContent(manifest.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        using var response = await http.PutAsync(new Uri($"/v2/{repository}/manifests/{manifest.Digest}", UriKind.Relative), content);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), $"PUT of the referrer: {await response.Content.ReadAsStringAsync()}");
        return manifest;
    }

    private LayoutItem Blob(byte[] bytes, string mediaType) => Keep(_blobs, new LayoutItem(bytes, mediaType));

    private LayoutItem Manifest(JsonObject json, string mediaType) => Keep(_manifests, new LayoutItem(Json(json), mediaType));

    private static LayoutItem Keep(List<LayoutItem> list, LayoutItem item)
    {
        list.Add(item);
        return item;
    }

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static byte[] Tar(string name, byte[] data)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data), ModificationTime = DateTimeOffset.UnixEpoch };
            writer.WriteEntry(entry);
        }

        return tar.ToArray();
    }

    /// <summary>Deterministic bytes that do not compress to nothing, so the layer's size is what the test asked for.</summary>
    private static byte[] Filler(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
