using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciConformance.Suites.Tests;

/// <summary>
/// A scenario that must catch a fault, how it must end (<c>failed</c> for a MUST, <c>warning</c> for a SHOULD,
/// <c>notSupported</c> for an optional feature switched off), and the requirement its failed checks must cite.
/// </summary>
public sealed record FaultCatch(string Scenario, string Outcome, string Requirement);

/// <summary>A scenario whose outcome a fault changes besides the ones that catch it, and why that is expected.</summary>
public sealed record FaultSideEffect(string Scenario, string Reason);

/// <summary>
/// Registry settings a fault needs to show (e.g. a page size so that a list is truncated). <paramref name="Auth"/>
/// <c>token</c> runs the registry with token auth and <see cref="AuthTarget"/>'s accounts, which the suite is given.
/// </summary>
public sealed record FaultOptions(int? ReferrersPageSize = null, int? TagsPageSize = null, long? MaxManifestBytes = null, string? Auth = null);

/// <summary>
/// One reference-registry fault: the requirements it breaks and the scenarios that prove the suite notices, or, when
/// no scenario exercises it yet, why not (<paramref name="NotCaught"/>).
/// </summary>
public sealed record FaultEntry(
    string Fault,
    IReadOnlyList<string> Requirements,
    IReadOnlyList<FaultCatch> Catches,
    FaultOptions? Options = null,
    IReadOnlyList<FaultSideEffect>? AlsoAffects = null,
    string? NotCaught = null)
{
    public IEnumerable<string> RelatedScenarios =>
        Catches.Select(c => c.Scenario).Concat((AlsoAffects ?? []).Select(a => a.Scenario));
}

/// <summary>A requirement no registry fault can break, or one proven by other tests, with the reason.</summary>
public sealed record Exemption(string Requirement, string Reason);

/// <summary>
/// <c>fixtures/faults/faults.json</c>: every fault of the reference registry and what must catch it, covered
/// requirements no fault can break, and shape rules the format fixtures prove instead.
/// </summary>
public sealed record FaultCatalog(
    IReadOnlyList<FaultEntry> Faults,
    IReadOnlyList<Exemption> Unprovable,
    IReadOnlyList<Exemption> FormatRules)
{
    public static string PathOnDisk => Path.Combine(SuitePaths.Fixtures, "faults", "faults.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static FaultCatalog Shipped { get; } = Load(PathOnDisk);

    public static FaultCatalog Load(string path) =>
        JsonSerializer.Deserialize<FaultCatalog>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no fault catalog.");

    public FaultEntry Entry(string fault) => Faults.Single(f => f.Fault == fault);
}
