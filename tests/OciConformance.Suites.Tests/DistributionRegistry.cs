using System.Diagnostics;
using OciConformance.Testing;

namespace OciConformance.Suites.Tests;

/// <summary>
/// CNCF distribution as Debian packages it (<c>docker-registry</c>), started on a free loopback port with a
/// generated configuration (filesystem storage in a temporary folder, deletes enabled) and stopped afterwards.
/// </summary>
public sealed class DistributionRegistry : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly string _folder;

    private DistributionRegistry(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>The storage section's read-only maintenance mode: every write is refused.</summary>
    private const string ReadOnlyMaintenance = """
          maintenance:
            readonly:
              enabled: true

        """;

    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts the registry; with <paramref name="storage"/> its content lives in that folder (kept after it stops, so a
    /// later start sees it), and <paramref name="readOnly"/> starts it in read-only maintenance mode, which refuses writes.
    /// </summary>
    public static async Task<DistributionRegistry> StartAsync(string? storage = null, bool readOnly = false)
    {
        if (!File.Exists(Binary))
        {
            Assert.Fail($"{Binary} is missing: install Debian's CNCF distribution with `apt-get install -y docker-registry` (tests/install-test-dependencies.sh does it).");
        }

        var folder = Directory.CreateTempSubdirectory("oci-distribution-").FullName;
        var port = Loopback.FreePort();
        var config = Path.Combine(folder, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {storage ?? Path.Combine(folder, "data")}
              delete:
                enabled: true
            {(readOnly ? ReadOnlyMaintenance : "")}http:
              addr: 127.0.0.1:{port}
            """);
        var process = Process.Start(new ProcessStartInfo(Binary, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var registry = new DistributionRegistry(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(registry.BaseAddress, "/v2/"));
                return registry;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        await registry.DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on {registry.BaseAddress} within 10 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
