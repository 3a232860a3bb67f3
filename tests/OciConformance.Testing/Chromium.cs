using System.Diagnostics;

namespace OciConformance.Testing;

/// <summary>Headless Chromium (Debian package <c>chromium</c>), started fresh per call with its own profile folder.</summary>
public static class Chromium
{
    public const string Binary = "/usr/bin/chromium";

    public sealed record Result(string Dom, string Log);

    public static void EnsureInstalled()
    {
        if (!File.Exists(Binary))
        {
            Assert.Fail($"{Binary} is missing: the HTML report is tested in headless Chromium. Install it with `apt-get install -y chromium` (Debian package 'chromium').");
        }
    }

    /// <summary>Loads a local page, runs its script, and returns the DOM after it ran plus the browser's log.</summary>
    public static Task<Result> DumpDomAsync(string htmlPath) => RunAsync(htmlPath, ["--dump-dom"]);

    public static async Task ScreenshotAsync(string htmlPath, string pngPath, int width, int height)
    {
        await RunAsync(htmlPath, [$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars"]);
        Assert.That(File.Exists(pngPath), Is.True, $"Chromium wrote no screenshot to {pngPath}");
    }

    private static async Task<Result> RunAsync(string htmlPath, IEnumerable<string> extra)
    {
        EnsureInstalled();
        var profile = TestFolders.Temp("chromium-profile");
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] fixedArgs =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}",
        ];
        foreach (var arg in fixedArgs.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(new Uri(htmlPath).AbsoluteUri);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Chromium did not finish within 90 s on {htmlPath}");
        }

        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; the folder is under the temp folder anyway.
        }

        return new Result(await stdout, await stderr);
    }

    /// <summary>The page's own script ran to its end without an error in the browser's log.</summary>
    public static void AssertRendered(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.Multiple(() =>
        {
            Assert.That(result.Dom, Does.Contain("<body data-ready=\"true\">"), "the page script ran to its end");
            Assert.That(result.Log, Does.Not.Contain("Uncaught"), "no script error in the browser log");
        });
    }
}
