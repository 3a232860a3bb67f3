using System.Text.Json;

namespace OciConformance.Runner.Tests;

/// <summary>
/// The runtime settings that keep a run lean (bench/lean.sh measures what each one saves) are part of what the runner
/// ships: its runtimeconfig.json carries them, so dropping one from the project fails here, not only in a benchmark.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [TestCase("System.GC.ConserveMemory", "9")]
    [TestCase("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "0")]
    [TestCase("System.Runtime.TieredCompilation.CallCountingDelayMs", "1000")]
    [TestCase("System.Runtime.TieredPGO", "false")]
    [TestCase("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported", "false")]
    public void The_runner_ships_with_its_lean_runtime_setting(string name, string value)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "oci-conformance.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllBytes(path));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.That(properties.TryGetProperty(name, out var setting) ? setting.ToString().ToLowerInvariant() : "(absent)", Is.EqualTo(value), $"{name} in {path}");
    }
}
