using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>
/// A named step implemented in C#, for flows that need logic (follow a Location, loop over pages, split into
/// chunks). Fixtures name it in <c>action</c> and pass arguments in <c>with</c>; they stay data.
/// </summary>
public interface IScenarioAction
{
    string Name { get; }

    /// <summary>The requirements this action checks itself, so a scenario that uses it must list them.</summary>
    IReadOnlyList<string> Requirements { get; }

    /// <summary>Runs the action, recording its own checks; returns the response the step's expectations apply to.</summary>
    Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken);
}
