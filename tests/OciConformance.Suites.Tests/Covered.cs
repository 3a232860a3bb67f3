using OciConformance.Engine;
using OciConformance.Requirements;

namespace OciConformance.Suites.Tests;

/// <summary>The requirements the shipped scenarios check that bind the registry and that a black-box run can see.</summary>
public static class Covered
{
    public static IReadOnlyList<Requirement> RegistryRequirements { get; } = Compute(SuiteData.Shipped);

    private static List<Requirement> Compute(SuiteData data) =>
        [.. data.Scenarios.SelectMany(s => s.Requirements)
            .Distinct(StringComparer.Ordinal)
            .Select(id => data.Requirements.TryGet(id, out var r) ? r : null)
            .OfType<Requirement>()
            .Where(r => r.Actor == "registry" && r.Testable)
            .OrderBy(r => r.Id, StringComparer.Ordinal)];
}
