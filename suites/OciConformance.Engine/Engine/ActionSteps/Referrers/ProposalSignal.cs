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

    /// <summary>The probe saw the signal named by <paramref name="found"/>: the proposal binds for the rest of the case.</summary>
    public static void Signalled(CaseRun run, ActionCheck check, string proposal, string label, string signals, string found, RegistryResponse response)
    {
        run.BindProposal(proposal);
        run.Note($"{label}: signalled by {found}, so its rules bind");
        run.Check(check, true, Description(proposal, label, signals), response: response);
    }

    /// <summary>The probe saw no signal (<paramref name="missing"/> says what each probe got): the gate named after the proposal closes.</summary>
    public static void Unsignalled(CaseRun run, ActionCheck check, string proposal, string label, string signals, string missing, RegistryResponse response) =>
        run.Check(check, false, Description(proposal, label, signals), "a signal", missing, response, proposal);

    private static string Description(string proposal, string label, string signals) =>
        $"the registry shows a signal of {label} ({signals}; or run.proposals declares {proposal})";
}
