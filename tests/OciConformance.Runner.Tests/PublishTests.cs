using OciConformance.Reports;
using OciConformance.Suites.Tests;
using OciConformance.Testing;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The single-file executable as a user gets it: published by build/publish.sh (<see cref="PublishedExecutable"/>),
/// copied alone into an empty folder (no SDK data, no clone beside it), it must print its version and judge the
/// embedded registry and distribution 2.8 case for case as the runner does in-process from the build output.
/// </summary>
[NonParallelizable]
public sealed class PublishTests
{
    private string _folder = "";
    private string _executable = "";

    [OneTimeSetUp]
    public async Task PublishAndCopyAlone()
    {
        _folder = TestFolders.Temp("single-file");
        _executable = await PublishedExecutable.CopyAloneAsync(_folder);
    }

    [Test]
    public async Task Version_prints_the_version_and_commit_the_reports_carry()
    {
        var run = await PublishedExecutable.RunAsync(_executable, _folder, ["--version"], TimeSpan.FromMinutes(1));
        Assert.That(run.Code, Is.EqualTo(0), run.Errors);
        Assert.That(run.Output.Trim(), Is.EqualTo(RunnerVersion.Text));
    }

    [Test]
    public async Task Against_the_embedded_registry_it_passes_with_the_outcomes_of_the_in_process_runner()
    {
        await AssertSameOutcomes([]);
    }

    [Test]
    public async Task Against_distribution_2_8_it_reaches_the_outcomes_of_the_in_process_runner()
    {
        await using var registry = await DistributionRegistry.StartAsync();
        await AssertSameOutcomes(["--target", registry.BaseAddress.ToString()]);
    }

    [Test]
    public async Task It_publishes_for_linux_arm64_from_an_x64_machine()
    {
        // ELF header: byte 4 is the class (2 = 64-bit), bytes 18-19 the machine, little-endian (0xB7 = AArch64).
        const ushort aarch64 = 0xB7;
        var header = new byte[20];
        await using (var file = File.OpenRead(await PublishedExecutable.PathAsync("linux-arm64")))
        {
            await file.ReadExactlyAsync(header);
        }

        Assert.Multiple(() =>
        {
            Assert.That(header[..4], Is.EqualTo("\u007fELF"u8.ToArray()), "an ELF executable");
            Assert.That(header[4], Is.EqualTo(2), "64-bit");
            Assert.That(BitConverter.ToUInt16(header, 18), Is.EqualTo(aarch64), "built for AArch64");
        });
    }

    private async Task AssertSameOutcomes(string[] args)
    {
        var published = Path.Combine(TestFolders.Temp("single-file-run"), "out");
        var single = await PublishedExecutable.RunAsync(_executable, _folder, [.. args, "--output", published], TimeSpan.FromMinutes(5));
        var reference = Path.Combine(TestFolders.Temp("in-process-run"), "out");
        var inProcess = await RunnerInProcess.RunAsync([.. args, "--output", reference]);

        Assert.That(single.Code, Is.EqualTo(inProcess.Code), $"{single.Output}\n{single.Errors}");
        if (args.Length == 0)
        {
            Assert.That(single.Code, Is.EqualTo(RunnerApp.ExitPassed), $"{single.Output}\n{single.Errors}");
        }

        var expected = await Outcomes(reference);
        Assert.That(await Outcomes(published), Is.EqualTo(expected));
        Assert.That(expected, Is.Not.Empty);
    }

    private static async Task<IReadOnlyDictionary<string, string>> Outcomes(string output)
    {
        var report = await ResultsJson.ReadAsync(Path.Combine(output, ResultsJson.FileName), CancellationToken.None);
        return report.Cases.ToDictionary(c => c.Id, c => c.Outcome.ToString(), StringComparer.Ordinal);
    }
}
