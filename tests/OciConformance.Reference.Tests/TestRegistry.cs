using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OciConformance.Reference.Tests;

/// <summary>A descriptor as the tests build them.</summary>
internal sealed record Desc(string MediaType, string Digest, long Size)
{
    public JsonObject ToJson() => new() { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Size };
}

/// <summary>A manifest that was pushed: its exact bytes, digest and media type.</summary>
internal sealed record Pushed(string Digest, byte[] Bytes, string MediaType)
{
    public Desc Descriptor => new(MediaType, Digest, Bytes.Length);
}

/// <summary>An in-process reference registry plus an HttpClient and push helpers.</summary>
internal sealed class TestRegistry : IAsyncDisposable
{
    public const string ImageManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string IndexType = "application/vnd.oci.image.index.v1+json";
    public const string ConfigType = "application/vnd.oci.image.config.v1+json";
    public const string LayerType = "application/vnd.oci.image.layer.v1.tar";

    private TestRegistry(ReferenceRegistry server, HttpClient http)
    {
        Server = server;
        Http = http;
    }

    public ReferenceRegistry Server { get; }

    public HttpClient Http { get; }

    public static async Task<TestRegistry> StartAsync(RegistryOptions? options = null, params string[] faults)
    {
        options ??= new RegistryOptions();
        if (faults.Length > 0)
        {
            options = options with { Faults = faults.ToHashSet() };
        }

        var server = await ReferenceRegistry.StartAsync(options);
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new TestRegistry(server, http);
    }

    public static string NewRepo(string prefix = "test") => $"{prefix}/r{Guid.NewGuid():N}"[..(prefix.Length + 14)];

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha512Of(byte[] bytes) => "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes));

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> HeadAsync(string path) => SendAsync(HttpMethod.Head, path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public static ByteArrayContent Octets(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    public static ByteArrayContent Typed(byte[] bytes, string? mediaType)
    {
        var content = new ByteArrayContent(bytes);
        if (mediaType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        return content;
    }

    /// <summary>Starts an upload session and returns its Location (relative).</summary>
    public async Task<string> StartUploadAsync(string repo, string query = "")
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/{query}");
        Assert.That((int)response.StatusCode, Is.EqualTo(202), "upload POST");
        return response.Headers.Location!.OriginalString;
    }

    public static string WithQuery(string location, string query) =>
        location + (location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    /// <summary>POST then PUT: the upload path every registry must support.</summary>
    public async Task<string> PushBlobAsync(string repo, byte[] bytes)
    {
        var digest = DigestOf(bytes);
        var location = await StartUploadAsync(repo);
        using var response = await SendAsync(HttpMethod.Put, WithQuery(location, $"digest={digest}"), Octets(bytes));
        Assert.That((int)response.StatusCode, Is.EqualTo(201), "blob PUT");
        return digest;
    }

    public async Task<Desc> PushBlobDescAsync(string repo, byte[] bytes, string mediaType) =>
        new(mediaType, await PushBlobAsync(repo, bytes), bytes.Length);

    public async Task<HttpResponseMessage> PutManifestAsync(string repo, string reference, byte[] body, string? mediaType) =>
        await SendAsync(HttpMethod.Put, $"/v2/{repo}/manifests/{reference}", Typed(body, mediaType));

    public async Task<Pushed> PushManifestAsync(string repo, string? tag, byte[] body, string mediaType)
    {
        var digest = DigestOf(body);
        using var response = await PutManifestAsync(repo, tag ?? digest, body, mediaType);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), "manifest PUT: " + await response.Content.ReadAsStringAsync());
        return new Pushed(digest, body, mediaType);
    }

    /// <summary>Pushes a config and one layer, then an image manifest referring to them.</summary>
    public async Task<Pushed> PushImageAsync(string repo, string? tag = "v1", Desc? subject = null, string? artifactType = null,
        IReadOnlyDictionary<string, string>? annotations = null, string configType = ConfigType)
    {
        var config = await PushBlobDescAsync(repo, Encoding.UTF8.GetBytes($"{{\"nonce\":\"{Guid.NewGuid()}\"}}"), configType);
        var layer = await PushBlobDescAsync(repo, RandomBytes(64), LayerType);
        return await PushManifestAsync(repo, tag, ImageManifest(config, [layer], subject, artifactType, annotations), ImageManifestType);
    }

    public static byte[] ImageManifest(Desc config, IEnumerable<Desc> layers, Desc? subject = null, string? artifactType = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ImageManifestType,
            ["config"] = config.ToJson(),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode?)l.ToJson())]),
        };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        if (subject is not null)
        {
            manifest["subject"] = subject.ToJson();
        }

        if (annotations is not null)
        {
            manifest["annotations"] = Annotations(annotations);
        }

        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    public static byte[] Index(IEnumerable<Desc> manifests, Desc? subject = null, string? artifactType = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = IndexType,
            ["manifests"] = new JsonArray([.. manifests.Select(m => (JsonNode?)m.ToJson())]),
        };
        if (artifactType is not null)
        {
            index["artifactType"] = artifactType;
        }

        if (subject is not null)
        {
            index["subject"] = subject.ToJson();
        }

        if (annotations is not null)
        {
            index["annotations"] = Annotations(annotations);
        }

        return Encoding.UTF8.GetBytes(index.ToJsonString());
    }

    public static JsonObject Annotations(IReadOnlyDictionary<string, string> annotations)
    {
        var map = new JsonObject();
        foreach (var (key, value) in annotations)
        {
            map[key] = value;
        }

        return map;
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The first error code of a spec error body; null for an empty or differently shaped body.</summary>
    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text)?["errors"]?[0]?["code"]?.GetValue<string>();
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
