using System.Text.RegularExpressions;

namespace OciConformance.Engine.Cleanup;

/// <summary>A repository one case of one run pushed into: the case's own, or the source of its mounts.</summary>
public sealed record RunRepository(string Name, string Scenario, string RunId, bool IsSource);

/// <summary>
/// The names of the repositories runs push into: <c>namespace/scenario-run</c> for each case, and
/// <c>source-namespace/scenario-source-run</c> for the source of its cross-repository mounts, where the run id is
/// 8 hex digits and the scenario one the suite ships. By these names alone tidy tells earlier runs' repositories
/// from anything else under the namespace.
/// </summary>
public sealed partial class RunRepositories(string @namespace, string? sourceNamespace, IEnumerable<string> scenarioIds)
{
    private const string SourceSuffix = "-source";
    private const int RunIdLength = 8;

    private readonly HashSet<string> _scenarios = [.. scenarioIds];
    private readonly string _sourceNamespace = sourceNamespace ?? @namespace;

    public static string Case(string @namespace, string scenario, string runId) => $"{@namespace}/{scenario}-{runId}";

    public static string Source(string @namespace, string scenario, string runId) => $"{@namespace}/{scenario}{SourceSuffix}-{runId}";

    public static bool IsRunId(string text) => RunId().IsMatch(text);

    /// <summary>
    /// The run repository <paramref name="repository"/> belongs to, or null when runs never push there. A case may
    /// push below or beside its own repository (<c>…-1a2b3c4d/x</c>, <c>…-1a2b3c4d-other</c>); those belong to it.
    /// </summary>
    public RunRepository? Match(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        foreach (var (prefix, suffix, isSource) in new[] { ($"{@namespace}/", "-", false), ($"{_sourceNamespace}/", $"{SourceSuffix}-", true) })
        {
            if (!repository.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = repository[prefix.Length..];
            foreach (var scenario in _scenarios)
            {
                var head = scenario + suffix;
                if (rest.Length >= head.Length + RunIdLength && rest.StartsWith(head, StringComparison.Ordinal) && rest.Substring(head.Length, RunIdLength) is var run
                    && IsRunId(run) && (rest.Length == head.Length + RunIdLength || rest[head.Length + RunIdLength] is '/' or '-'))
                {
                    return new RunRepository(repository, scenario, run, isSource);
                }
            }
        }

        return null;
    }

    /// <summary>Every repository run <paramref name="runId"/> may have pushed into, for a registry without a catalog.</summary>
    public IEnumerable<RunRepository> Of(string runId) => _scenarios.Order(StringComparer.Ordinal).SelectMany(scenario => new[]
    {
        new RunRepository(Case(@namespace, scenario, runId), scenario, runId, IsSource: false),
        new RunRepository(Source(_sourceNamespace, scenario, runId), scenario, runId, IsSource: true),
    });

    [GeneratedRegex("^[0-9a-f]{8}$")]
    private static partial Regex RunId();
}
