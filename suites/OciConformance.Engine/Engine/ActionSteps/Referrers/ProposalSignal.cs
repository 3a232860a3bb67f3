using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// How a detect action settles whether a proposal's rules bind. A proposal declared in <c>run.proposals</c> binds
/// without a probe. Otherwise the probe's finding decides: a signal binds the proposal for the rest of the case, and
/// no signal closes the gate named after the proposal, so a registry that only stores the proposal's manifests as
/// opaque JSON reads "not supported", never "failed".
/// </summary>
internal static class ProposalSignal
{
    /// <summary>Whether the operator declared the proposal; if so it binds and the caller probes nothing.</summary>
    public static bool Declared(CaseRun run, string proposal, string label)
    {
        if (!run.Environment.Options.Run.Proposals.Contains(proposal, StringComparer.Ordinal))
        {
            return false;
        }

        run.Note($"{label}: declared in run.proposals, so its rules bind");
        return true;
    }

    /// <summary>
    /// Records the probe's finding under the step's <paramref name="check"/>: <paramref name="found"/> names the
    /// signal seen, or is null; <paramref name="missing"/> says what each probe got instead.
    /// </summary>
    public static void Conclude(CaseRun run, ActionCheck check, string proposal, string label, string signals, string? found, string missing, RegistryResponse response)
    {
        var description = $"the registry shows a signal of {label} ({signals}; or run.proposals declares {proposal})";
        if (found is not null)
        {
            run.BindProposal(proposal);
            run.Note($"{label}: signalled by {found}, so its rules bind");
            run.Check(check, true, description, response: response);
            return;
        }

        run.Check(check, false, description, "a signal", missing, response, proposal);
    }
}
