using OciConformance.Engine;

namespace OciConformance.Runner;

/// <summary><c>--list</c>: every scenario with its profile and requirement ids, without touching a registry.</summary>
public static class ScenarioList
{
    public static async Task WriteAsync(SuiteData data, TextWriter output)
    {
        foreach (var group in data.Scenarios.GroupBy(s => s.Profile).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"{group.Key}:");
            foreach (var scenario in group)
            {
                await output.WriteLineAsync($"  {scenario.Id}: {scenario.Title}");
                await output.WriteLineAsync($"      {string.Join(", ", scenario.Requirements)}");
            }
        }
    }
}
