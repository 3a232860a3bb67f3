using OciConformance.Results;

namespace OciConformance.Runner;

/// <summary>One line per finished case, so a long run shows it is alive and where it stands.</summary>
public sealed class Progress(TextWriter output, int total)
{
    private readonly Lock _gate = new();
    private int _done;

    public void OnCase(CaseResult result)
    {
        lock (_gate)
        {
            _done++;
            var width = total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            var line = $"[{_done.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)}/{total}] {result.Outcome.ToText(),-13} {result.Profile}/{result.Id}";
            if (result.Outcome is not Outcome.Passed && result.Message is { } message)
            {
                line += $"  {message}";
            }

            output.WriteLine(line);
        }
    }
}
