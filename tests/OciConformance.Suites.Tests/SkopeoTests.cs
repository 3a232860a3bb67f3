using System.Diagnostics;
using System.Text.Json.Nodes;
using OciConformance.Reference;
using OciConformance.Results;

namespace OciConformance.Suites.Tests;

/// <summary>
/// A real client agrees with the suite: skopeo copies out an image the suite pushed, byte for byte, and the suite
/// reads and validates an image skopeo pushed.
/// </summary>
public sealed class SkopeoTests
{
    private const string Skopeo = "/usr/bin/skopeo";
    private ReferenceRegistry _registry = null!;
    private string _work = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        if (!File.Exists(Skopeo))
        {
            Assert.Fail($"{Skopeo} is missing: install it with `apt-get install -y skopeo` (tests/run.sh does it).");
        }

        _registry = await ReferenceRegistry.StartAsync(new RegistryOptions());
        _work = Directory.CreateTempSubdirectory("oci-skopeo-suite-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_work, "policy.json"), """{"default":[{"type":"insecureAcceptAnything"}]}""");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private async Task CopyAsync(string from, string to)
    {
        var start = new ProcessStartInfo(Skopeo, ["--policy", Path.Combine(_work, "policy.json"), "copy", "--retry-times", "0", "--preserve-digests",
            "--src-tls-verify=false", "--dest-tls-verify=false", from, to]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"skopeo copy {from} {to}: {await errors}");
    }

    private string Remote(string repository) => $"docker://{_registry.BaseAddress.Authority}/{repository}:v1";

    [Test]
    public async Task Skopeo_copies_out_what_the_suite_pushed_byte_for_byte()
    {
        var result = (await SuiteRuns.AtAsync(_registry.BaseAddress, Engine.SuiteData.Shipped, "manifest-get-by-tag")).Single();
        Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
        var layout = Path.Combine(_work, "pulled");

        await CopyAsync(Remote(result.Repository!), $"oci:{layout}:v1");

        var digest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")))!["manifests"]![0]!["digest"]!.GetValue<string>();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_registry.BaseAddress, $"/v2/{result.Repository}/manifests/v1"));
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var served = await http.SendAsync(request);
        var pushed = await served.Content.ReadAsByteArrayAsync();
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..])), Is.EqualTo(pushed));
    }

    [Test]
    public async Task The_suite_reads_and_validates_what_skopeo_pushed()
    {
        var pushedBySuite = (await SuiteRuns.AtAsync(_registry.BaseAddress, Engine.SuiteData.Shipped, "manifest-get-by-digest")).Single();
        var layout = Path.Combine(_work, "to-push");
        await CopyAsync(Remote(pushedBySuite.Repository!).Replace(":v1", ":by-digest", StringComparison.Ordinal), $"oci:{layout}:v1");
        const string repository = "skopeo/pushed";
        await CopyAsync($"oci:{layout}:v1", Remote(repository));

        var scenarios = Path.Combine(_work, "scenarios");
        Directory.CreateDirectory(scenarios);
        await File.WriteAllTextAsync(Path.Combine(scenarios, "read-skopeo-image.json"), $$"""
            { "scenarios": [ { "id": "read-skopeo-image", "title": "Read an image skopeo pushed", "profile": "pull",
              "requirements": ["dist.pull.manifest-get-by-tag", "dist.pull.blob-get", "dist.general.content-addressable"],
              "vars": { "pushed": "{{repository}}" },
              "steps": [
                { "name": "GET its manifest", "requirement": "dist.pull.manifest-get-by-tag",
                  "request": { "method": "GET", "path": "/v2/{pushed}/manifests/v1", "headers": { "Accept": "application/vnd.oci.image.manifest.v1+json" } },
                  "expect": [ { "status": 200 }, { "schema": "manifests/oci-image-manifest.v1.1" } ],
                  "capture": { "config": { "json": "/config/digest" }, "layer": { "json": "/layers/0/digest" } } },
                { "name": "GET its config", "requirement": "dist.pull.blob-get",
                  "request": { "method": "GET", "path": "/v2/{pushed}/blobs/{config}" },
                  "expect": [ { "status": 200 }, { "bodyDigest": "{config}", "requirement": "dist.general.content-addressable" } ] },
                { "name": "GET its layer", "requirement": "dist.pull.blob-get",
                  "request": { "method": "GET", "path": "/v2/{pushed}/blobs/{layer}" },
                  "expect": [ { "status": 200 }, { "bodyDigest": "{layer}", "requirement": "dist.general.content-addressable" } ] }
              ] } ] }
            """);
        var result = (await SuiteRuns.AtAsync(_registry.BaseAddress, Engine.SuiteData.Shipped.WithScenariosFrom(scenarios))).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(Outcome.Passed), result.Message);
            Assert.That(result.Checks, Has.Count.GreaterThanOrEqualTo(6));
        });
    }
}
