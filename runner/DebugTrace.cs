using OciConformance.Results;

namespace OciConformance.Runner;

/// <summary>
/// <c>--debug</c> (or <c>OCI_DEBUG</c>): besides the progress, every case that did not pass prints its failed checks
/// with the HTTP exchanges that showed them, redacted as in the reports.
/// </summary>
public static class DebugTrace
{
    public static Action<CaseResult> Around(Action<CaseResult> progress, TextWriter output)
    {
        var gate = new Lock();
        return result =>
        {
            progress(result);
            if (result.Outcome is Outcome.Passed)
            {
                return;
            }

            lock (gate)
            {
                output.WriteLine($"--- {result.Profile}/{result.Id} ({result.Outcome.ToText()}, repository {result.Repository})");
                output.WriteLine(result.Explain());
            }
        };
    }
}
