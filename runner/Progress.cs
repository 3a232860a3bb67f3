using System.Globalization;
using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Runner;

/// <summary>
/// Shows a run advancing, one line per profile, and under them one per large body on the wire (bytes, rate, time
/// left). On a terminal the lines are redrawn in place; when output goes to a file or a CI log, a plain line is written
/// at most once per interval (for the profiles, and for each large body), plus one when a profile completes, so the log
/// shows the run is alive without a line per case. Cases that did not pass are always written out.
/// </summary>
public sealed class Progress
{
    private const string Escape = "\u001b";

    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly List<ProfileProgress> _profiles;
    private readonly SortedDictionary<long, TransferProgress> _transfers = [];
    private DateTimeOffset _lastPlainLine;
    private DateTimeOffset _lastTransferLines = DateTimeOffset.MinValue;
    private int _drawnLines;

    public Progress(TextWriter output, IEnumerable<KeyValuePair<string, int>> casesPerProfile, bool live, TimeProvider time, TimeSpan interval)
    {
        _output = output;
        _live = live;
        _time = time;
        _interval = interval;
        _profiles = [.. casesPerProfile.Where(p => p.Value > 0).Select(p => new ProfileProgress(p.Key, p.Value))];
        _lastPlainLine = time.GetUtcNow();
    }

    /// <summary>True when the output is an interactive terminal whose lines can be rewritten.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public void OnCase(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var profile = _profiles.FirstOrDefault(p => p.Name == result.Profile);
            if (profile is null)
            {
                profile = new ProfileProgress(result.Profile, 1);
                _profiles.Add(profile);
            }

            profile.Add(result.Outcome);
            var notable = result.Outcome is Outcome.Failed or Outcome.Error or Outcome.Warning or Outcome.Blocked
                ? $"{result.Outcome.ToText(),-8} {result.Profile}/{result.Id}  {result.Message}"
                : null;
            if (_live)
            {
                Redraw(notable);
            }
            else
            {
                WritePlain(profile, notable);
            }
        }
    }

    public void OnTransfer(TransferProgress transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        lock (_gate)
        {
            if (transfer.Finished)
            {
                _transfers.Remove(transfer.Id);
            }
            else
            {
                _transfers[transfer.Id] = transfer;
            }

            if (_live)
            {
                Redraw(notable: null);
                return;
            }

            // A log gets the bodies under way at most once per interval, however many come and go (a chunked upload
            // is one body per chunk).
            var now = _time.GetUtcNow();
            if (_transfers.Count > 0 && now - _lastTransferLines >= _interval)
            {
                foreach (var active in _transfers.Values)
                {
                    _output.WriteLine(TransferLine(active, bar: false));
                }

                _lastTransferLines = now;
            }
        }
    }

    private void Redraw(string? notable)
    {
        if (_drawnLines > 0)
        {
            _output.Write(string.Create(CultureInfo.InvariantCulture, $"{Escape}[{_drawnLines}A"));
        }

        if (notable is not null)
        {
            _output.Write($"\r{Escape}[2K{notable}\n");
        }

        var lines = _profiles.Select(p => p.Line(bar: true)).Concat(_transfers.Values.Select(t => TransferLine(t, bar: true))).ToList();
        foreach (var line in lines)
        {
            _output.Write($"\r{Escape}[2K{line}\n");
        }

        // Lines of transfers that ended since the last drawing are blanked, and the cursor comes back above them.
        var stale = _drawnLines - lines.Count;
        for (var i = 0; i < stale; i++)
        {
            _output.Write($"\r{Escape}[2K\n");
        }

        if (stale > 0)
        {
            _output.Write(string.Create(CultureInfo.InvariantCulture, $"{Escape}[{stale}A"));
        }

        _output.Flush();
        _drawnLines = lines.Count;
    }

    private static string TransferLine(TransferProgress transfer, bool bar)
    {
        const double MiB = 1024 * 1024;
        const int Width = 20;
        var filled = transfer.Total == 0 ? Width : (int)Math.Min(Width, transfer.Done * Width / transfer.Total);
        var gauge = bar ? $"[{new string('#', filled)}{new string('-', Width - filled)}] " : "";
        var left = transfer.Left is { } time ? $", {time.TotalSeconds:0} s left" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  {(transfer.Sending ? "sending" : "receiving")} {gauge}{transfer.Done / MiB:0.0} of {transfer.Total / MiB:0.0} MiB, {transfer.BytesPerSecond / MiB:0.0} MiB/s{left}  {transfer.Label}");
    }

    private void WritePlain(ProfileProgress profile, string? notable)
    {
        if (notable is not null)
        {
            _output.WriteLine(notable);
        }

        var now = _time.GetUtcNow();
        if (profile.Complete)
        {
            _output.WriteLine(profile.Line(bar: false));
        }
        else if (now - _lastPlainLine >= _interval)
        {
            var done = _profiles.Sum(p => p.Done);
            var total = _profiles.Sum(p => p.Total);
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress {done}/{total}: {string.Join(" · ", _profiles.Where(p => !p.Complete).Select(p => $"{p.Name} {p.Done}/{p.Total}"))}"));
        }
        else
        {
            return;
        }

        _lastPlainLine = now;
    }

    private sealed class ProfileProgress(string name, int total)
    {
        private readonly Dictionary<Outcome, int> _counts = [];

        public string Name { get; } = name;

        public int Total { get; private set; } = total;

        public int Done { get; private set; }

        public bool Complete => Done >= Total;

        public void Add(Outcome outcome)
        {
            Done++;
            Total = Math.Max(Total, Done);
            _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
        }

        public string Line(bool bar)
        {
            int Count(params Outcome[] outcomes) => outcomes.Sum(o => _counts.GetValueOrDefault(o));
            var state = Complete ? "done" : "running";
            var width = 20;
            var filled = Total == 0 ? width : Done * width / Total;
            var gauge = bar ? $"[{new string('#', filled)}{new string('-', width - filled)}] " : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Name,-19} {gauge}{Done,3}/{Total,-3} {state,-7} passed {Count(Outcome.Passed)} · failed {Count(Outcome.Failed, Outcome.Error)} · warnings {Count(Outcome.Warning)} · blocked {Count(Outcome.Blocked)} · skipped {Count(Outcome.NotRun, Outcome.NotApplicable, Outcome.NotSupported)}");
        }
    }
}
