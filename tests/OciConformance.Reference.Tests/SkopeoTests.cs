using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace OciConformance.Reference.Tests;

/// <summary>A real client against the reference registry: skopeo pushes an OCI layout and pulls it back.</summary>
[TestFixture]
public sealed class SkopeoTests
{
    private const string Skopeo = "/usr/bin/skopeo";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);
    private string _work = null!;

    [SetUp]
    public void CreateFolder() => _work = Directory.CreateTempSubdirectory("oci-skopeo-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task Skopeo_round_trip_keeps_manifest_and_blobs_byte_identical()
    {
        if (!File.Exists(Skopeo))
        {
            Assert.Fail($"{Skopeo} is missing; install it with: apt-get install -y skopeo");
        }

        await using var registry = await TestRegistry.StartAsync();
        var source = Path.Combine(_work, "source");
        var target = Path.Combine(_work, "target");
        var (manifestDigest, blobs) = await WriteLayoutAsync(source);
        var policy = Path.Combine(_work, "policy.json");
        await File.WriteAllTextAsync(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        var repo = TestRegistry.NewRepo("skopeo");
        var remote = $"docker://{registry.Server.BaseAddress.Authority}/{repo}:v1";

        await RunSkopeoAsync("--policy", policy, "copy", "--retry-times", "0", "--preserve-digests", "--dest-tls-verify=false", $"oci:{source}:v1", remote);
        await RunSkopeoAsync("--policy", policy, "copy", "--retry-times", "0", "--preserve-digests", "--src-tls-verify=false", remote, $"oci:{target}:v1");

        var index = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(target, "index.json")))!;
        var pulledDigest = index["manifests"]![0]!["digest"]!.GetValue<string>();
        Assert.That(pulledDigest, Is.EqualTo(manifestDigest));
        foreach (var digest in blobs.Append(manifestDigest))
        {
            var file = Path.Combine("blobs", "sha256", digest["sha256:".Length..]);
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(target, file)), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(source, file))), digest);
        }
    }

    /// <summary>Writes an OCI image layout with one config, one gzip layer and a manifest tagged v1.</summary>
    private static async Task<(string Manifest, List<string> Blobs)> WriteLayoutAsync(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "blobs", "sha256"));
        await File.WriteAllTextAsync(Path.Combine(folder, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");

        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"hello from the conformance suite {Guid.NewGuid()}\n")),
            };
            await writer.WriteEntryAsync(entry);
        }

        var diffId = TestRegistry.DigestOf(tar.ToArray());
        var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(tar.ToArray());
        }

        var layer = gzipped.ToArray();
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        }.ToJsonString());
        var configDesc = new Desc(TestRegistry.ConfigType, TestRegistry.DigestOf(config), config.Length);
        var layerDesc = new Desc("application/vnd.oci.image.layer.v1.tar+gzip", TestRegistry.DigestOf(layer), layer.Length);
        var manifest = TestRegistry.ImageManifest(configDesc, [layerDesc]);
        var manifestDigest = TestRegistry.DigestOf(manifest);
        foreach (var bytes in new[] { config, layer, manifest })
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "blobs", "sha256", TestRegistry.DigestOf(bytes)["sha256:".Length..]), bytes);
        }

        var manifestDesc = new Desc(TestRegistry.ImageManifestType, manifestDigest, manifest.Length).ToJson();
        manifestDesc["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = "v1" };
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = TestRegistry.IndexType, ["manifests"] = new JsonArray(manifestDesc) };
        await File.WriteAllTextAsync(Path.Combine(folder, "index.json"), index.ToJsonString());
        return (manifestDigest, [configDesc.Digest, layerDesc.Digest]);
    }

    private static async Task RunSkopeoAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Skopeo)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"skopeo {string.Join(' ', arguments)} did not finish within {ProcessTimeout.TotalSeconds} s");
        }

        Assert.That(process.ExitCode, Is.Zero, $"skopeo {string.Join(' ', arguments)} failed:\n{await stdout}\n{await stderr}");
    }
}
