using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>
/// A named step implemented in C#, for flows that need logic (follow a Location, loop over pages, split into
/// chunks). Fixtures name it in <c>action</c>, pass arguments in <c>with</c> and map each of its checks to a
/// requirement in <c>checks</c>; they stay data.
/// </summary>
public interface IScenarioAction
{
    string Name { get; }

    /// <summary>Every check this action may evaluate; a step that uses it names the requirement of each.</summary>
    IReadOnlyList<ActionCheck> Checks { get; }

    /// <summary>Runs the action, recording its own checks; returns the response the step's expectations apply to.</summary>
    Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken);
}
