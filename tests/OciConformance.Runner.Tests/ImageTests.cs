using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OciConformance.Engine;
using OciConformance.Http;
using OciConformance.Reference;
using OciConformance.Reports;
using OciConformance.Results;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The runner's container image as build/image.sh assembles it offline: pushed by skopeo into the reference registry,
/// it passes the suite's own read-only checks (its manifest, config and layers are what it claims), and run as a
/// container, by podman where podman can run containers here, else from its unpacked root filesystem, it passes the
/// whole suite against its embedded registry as the user the image names.
/// </summary>
[NonParallelizable]
[UnsupportedOSPlatform("windows")]
public sealed class ImageTests
{
    private const string Repository = "oci-conformance";
    private const string Entrypoint = "/usr/local/bin/oci-conformance";
    private const string NonRoot = "65532:65532";
    private static readonly string[] Tools = ["/usr/bin/umoci", "/usr/bin/skopeo", "/usr/bin/unshare"];

    /// <summary>The memory devices (major 1) by name and minor number.</summary>
    private static readonly (string Name, string Minor)[] Devices = [("null", "3"), ("zero", "5"), ("random", "8"), ("urandom", "9")];

    private string _work = "";
    private string _layout = "";
    private string _tag = "";
    private string _buildOutput = "";
    private ReferenceRegistry _registry = null!;

    private string Image => $"{_registry.BaseAddress.Authority}/{Repository}:{_tag}";

    [OneTimeSetUp]
    public async Task BuildAndPush()
    {
        if (Environment.UserName != "root")
        {
            Assert.Ignore("build/image.sh writes files owned by the image's user (uid 65532), which only root can: run the tests as root.");
        }

        foreach (var tool in Tools.Where(t => !File.Exists(t)))
        {
            Assert.Fail($"{tool} is missing: tests/run.sh installs it.");
        }

        var root = TestFolders.RepositoryRoot;
        var executable = await PublishedExecutable.PathAsync();
        _work = TestFolders.Temp("image");
        _layout = Path.Combine(_work, "layout");
        var build = await RunAsync(Path.Combine(root, "build", "image.sh"),
            ["--executable", executable, "--output", _layout, "--source", "https://example.invalid/oci-conformance"],
            TimeSpan.FromMinutes(5));
        Assert.That(build.Code, Is.Zero, build.Text);
        _buildOutput = build.Output;
        TestContext.Out.WriteLine(build.Output);
        _tag = (await ReadJsonAsync(Path.Combine(_layout, "index.json")))["manifests"]![0]!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>();

        _registry = await ReferenceRegistry.StartAsync(new RegistryOptions());
        var policy = Path.Combine(_work, "policy.json");
        await File.WriteAllTextAsync(policy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        var copy = await RunAsync("/usr/bin/skopeo", ["--policy", policy, "copy", "--retry-times", "0", "--dest-tls-verify=false",
            $"oci:{_layout}:{_tag}", $"docker://{Image}"], TimeSpan.FromMinutes(3));
        Assert.That(copy.Code, Is.Zero, copy.Text);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_work.Length > 0)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Test]
    public async Task Its_config_runs_the_executable_as_a_non_root_user_and_carries_the_runner_version()
    {
        var (version, commit) = ConformanceRun.ToolVersion();
        var config = await ImageConfigAsync();
        var labels = config["config"]!["Labels"]!;

        Assert.Multiple(() =>
        {
            Assert.That(_tag, Is.EqualTo(version));
            Assert.That(config["config"]!["User"]!.GetValue<string>(), Is.EqualTo(NonRoot));
            Assert.That(config["config"]!["Entrypoint"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { Entrypoint }));
            Assert.That(labels["org.opencontainers.image.version"]!.GetValue<string>(), Is.EqualTo(version));
            Assert.That(labels["org.opencontainers.image.source"]!.GetValue<string>(), Is.EqualTo("https://example.invalid/oci-conformance"));
            Assert.That(config["architecture"]!.GetValue<string>(), Is.EqualTo("amd64"));
            if (commit is not null)
            {
                Assert.That(labels["org.opencontainers.image.revision"]!.GetValue<string>(), Does.StartWith(commit));
            }

            Assert.That(_buildOutput, Does.Contain($"{Repository} {version}").And.Contain("MB compressed"));
        });
    }

    [Test]
    public async Task Its_layers_hold_little_beside_the_executable()
    {
        var layers = (await ManifestAsync())["layers"]!.AsArray().Select(l => l!["size"]!.GetValue<long>()).ToList();

        // Two layers: the system files (glibc, libstdc++, OpenSSL, CA certificates: about 5 MB gzipped) and the
        // executable (about 56 MB gzipped); an ICU or a distribution base would more than double the first.
        Assert.That(layers, Has.Count.EqualTo(2));
        Assert.That(layers[0], Is.LessThan(8 * 1024 * 1024));
        Assert.That(layers.Sum(), Is.LessThan(72 * 1024 * 1024));
    }

    [Test]
    public async Task The_suite_certifies_its_own_image_in_the_read_only_profile()
    {
        var output = Path.Combine(_work, "read-only");
        var run = await RunnerInProcess.RunAsync("--target", _registry.BaseAddress.ToString(), "--read-only", "--reference", $"{Repository}:{_tag}", "--output", output);
        var report = await ResultsJson.ReadAsync(Path.Combine(output, ResultsJson.FileName), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(RunnerApp.ExitPassed), $"{run.Output}\n{run.Errors}");
            Assert.That(report.Profiles.Single(p => p.Profile == "read-only").Verdict, Is.EqualTo(Outcome.Passed), run.Output);
            // The image's two layers and its config are read whole and their digests verified, not sampled.
            Assert.That(report.Cases.Single(c => c.Id == "read-only-blobs").Outcome, Is.EqualTo(Outcome.Passed), run.Output);
            Assert.That(report.Cases.Single(c => c.Id == "read-only-blobs").Message ?? "", Does.Not.Contain("digest not verified"));
        });
    }

    [Test]
    public async Task As_a_container_it_passes_against_its_embedded_registry()
    {
        var podman = await RunUnderPodmanAsync();
        var (code, text, results) = podman ?? await RunInUnpackedRootfsAsync();
        TestContext.Out.WriteLine(podman is null ? "ran in the unpacked root filesystem" : "ran under podman");

        Assert.That(code, Is.EqualTo(RunnerApp.ExitPassed), text);
        var report = await ResultsJson.ReadAsync(results, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(report.Header.ToolVersion, Is.EqualTo(_tag));
            Assert.That(report.Header.Target.Embedded, Is.True);
            Assert.That(report.Cases.Count(c => c.Outcome == Outcome.Passed), Is.GreaterThan(50), text);
            Assert.That(report.HasMandatoryFailure, Is.False, text);
        });
    }

    [Test]
    public async Task Over_https_it_trusts_the_certificates_its_CA_bundle_holds_and_no_others()
    {
        using var certificate = SelfSignedLoopbackCertificate();
        await using var server = TlsNotFoundServer.Start(certificate);
        var (rootfs, process) = await UnpackAsync("tls-bundle");
        string[] args = ["--target", $"https://127.0.0.1:{server.Port}", "--read-only", "--reference", "tls/probe:v1"];

        var untrusted = await FirstExchangeAsync(await RunInRootfsAsync(rootfs, process, "untrusted", args));
        await File.AppendAllTextAsync(Path.Combine(rootfs, "etc", "ssl", "certs", "ca-certificates.crt"), certificate.ExportCertificatePem() + "\n");
        var trusted = await FirstExchangeAsync(await RunInRootfsAsync(rootfs, process, "trusted", args));

        Assert.Multiple(() =>
        {
            Assert.That(untrusted.Status, Is.Null);
            Assert.That(untrusted.Error, Does.Contain("UntrustedRoot"));
            Assert.That(trusted.Error, Is.Null);
            Assert.That(trusted.Status, Is.EqualTo(404));
        });
    }

    private static async Task<HttpExchange> FirstExchangeAsync((int Code, string Text, string Results) run)
    {
        Assert.That(File.Exists(run.Results), Is.True, run.Text);
        var report = await ResultsJson.ReadAsync(run.Results, CancellationToken.None);
        return report.Cases.Single(c => c.Id == "read-only-manifests").Exchanges[0];
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <summary>
    /// Pulls the image from the registry and runs it; null when podman cannot run containers on this machine. Podman
    /// answers 125 to 127 for its own and the OCI runtime's failures (here, in a sandbox without cgroup v2 control,
    /// crun refuses with 126), the container's exit code otherwise. A broken entry point answers the same, so taking
    /// those codes for "cannot run here" hides nothing: the unpacked root filesystem then runs the same entry point.
    /// </summary>
    private async Task<(int Code, string Text, string Results)?> RunUnderPodmanAsync()
    {
        const string podman = "/usr/bin/podman";
        if (!File.Exists(podman))
        {
            TestContext.Out.WriteLine("podman is not installed");
            return null;
        }

        var output = Path.Combine(_work, "podman-out");
        Directory.CreateDirectory(output);
        // The container runs as uid 65532, which must be able to write the reports into the mounted folder.
        File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
        // Podman refuses a run root longer than 50 characters, which the test's scratch folders are.
        var runRoot = Directory.CreateTempSubdirectory("podman-").FullName;
        string[] storage = ["--root", Path.Combine(_work, "podman"), "--runroot", runRoot,
            "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "none"];
        // Host networking spares podman a network set-up the run does not use (it talks to its own embedded registry);
        // no cgroups, as the test sets no limits.
        var run = await RunAsync(podman, [.. storage, "run", "--rm", "--network", "host", "--cgroups", "disabled", "--tls-verify=false",
            "--volume", $"{output}:/out", $"docker://{Image}", "--output", "/out"], TimeSpan.FromMinutes(10));
        Directory.Delete(runRoot, recursive: true);
        if (run.Code is >= 125 and <= 127)
        {
            TestContext.Out.WriteLine($"podman cannot run containers here: {run.Text}");
            return null;
        }

        return (run.Code, run.Text, Path.Combine(output, ResultsJson.FileName));
    }

    /// <summary>
    /// Unpacks the image with umoci and starts its entry point inside the root filesystem with what its config names
    /// (user, environment, working folder).
    /// </summary>
    private async Task<(int Code, string Text, string Results)> RunInUnpackedRootfsAsync()
    {
        var (rootfs, process) = await UnpackAsync("bundle");
        return await RunInRootfsAsync(rootfs, process, "out", []);
    }

    /// <summary>
    /// The image's root filesystem and its runtime process (args, env, cwd, user), with the device nodes a container
    /// runtime would create (.NET reads /dev/urandom for its GUIDs).
    /// </summary>
    private async Task<(string Rootfs, JsonNode Process)> UnpackAsync(string name)
    {
        var bundle = Path.Combine(_work, name);
        var unpack = await RunAsync("/usr/bin/umoci", ["unpack", "--image", $"{_layout}:{_tag}", bundle], TimeSpan.FromMinutes(3));
        Assert.That(unpack.Code, Is.Zero, unpack.Text);

        var rootfs = Path.Combine(bundle, "rootfs");
        foreach (var (device, minor) in Devices)
        {
            var node = await RunAsync("/usr/bin/mknod", ["-m", "666", Path.Combine(rootfs, "dev", device), "c", "1", minor], TimeSpan.FromSeconds(30));
            Assert.That(node.Code, Is.Zero, node.Text);
        }

        return (rootfs, (await ReadJsonAsync(Path.Combine(bundle, "config.json")))["process"]!);
    }

    /// <summary>Runs the entry point with the arguments in private mount and PID namespaces with their own /proc, writing the reports into the root filesystem's /tmp/OUTPUT.</summary>
    private static async Task<(int Code, string Text, string Results)> RunInRootfsAsync(string rootfs, JsonNode process, string output, string[] arguments)
    {
        var user = process["user"]!;
        string[] args = [.. process["args"]!.AsArray().Select(a => a!.GetValue<string>()), .. arguments, "--output", $"/tmp/{output}"];
        var start = new ProcessStartInfo("/usr/bin/unshare",
            ["--mount", "--pid", "--fork", "--mount-proc", "--root", rootfs, "--wd", process["cwd"]!.GetValue<string>(),
             "--setgid", user["gid"]!.ToString(), "--setuid", user["uid"]!.ToString(), "--", .. args]);
        start.Environment.Clear();
        foreach (var variable in process["env"]!.AsArray().Select(e => e!.GetValue<string>()))
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            start.Environment[variable[..equals]] = variable[(equals + 1)..];
        }

        var run = await RunAsync(start, TimeSpan.FromMinutes(10));
        return (run.Code, run.Text, Path.Combine(rootfs, "tmp", output, ResultsJson.FileName));
    }

    private async Task<JsonNode> ManifestAsync()
    {
        var index = await ReadJsonAsync(Path.Combine(_layout, "index.json"));
        return await ReadJsonAsync(Blob(index["manifests"]![0]!["digest"]!.GetValue<string>()));
    }

    private async Task<JsonNode> ImageConfigAsync() => await ReadJsonAsync(Blob((await ManifestAsync())["config"]!["digest"]!.GetValue<string>()));

    private string Blob(string digest) => Path.Combine(_layout, "blobs", "sha256", digest["sha256:".Length..]);

    private static async Task<JsonNode> ReadJsonAsync(string path) => JsonNode.Parse(await File.ReadAllTextAsync(path))!;

    private static Task<(int Code, string Output, string Text)> RunAsync(string file, string[] args, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = TestFolders.RepositoryRoot };
        // What the child extracts goes to a cache of the tests, not the user's.
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "oci-conformance-tests", "cache");
        return RunAsync(start, limit);
    }

    private static async Task<(int Code, string Output, string Text)> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A publish or a run left behind would hold the machine the next test needs.
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} took longer than {limit}");
        }

        var output = await stdout;
        return (process.ExitCode, output, $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}\n{output}\n{await stderr}");
    }
}
