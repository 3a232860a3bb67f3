using System.Diagnostics;
using OciConformance.Content;

namespace OciConformance.Http;

/// <summary>A large body on the wire, as a progress display shows it.</summary>
/// <param name="Id">Tells concurrent transfers apart; the same for every tick of one body.</param>
/// <param name="Label">The request it belongs to, e.g. <c>PUT /v2/…/blobs/uploads/…</c>.</param>
/// <param name="Sending">True for a request body going out, false for a response body coming in.</param>
/// <param name="Done">Bytes moved so far.</param>
/// <param name="Total">The body's size, from its length or Content-Length.</param>
/// <param name="Elapsed">Since the body started.</param>
/// <param name="Finished">The body ended, complete or not; the display drops it.</param>
public sealed record TransferProgress(long Id, string Label, bool Sending, long Done, long Total, TimeSpan Elapsed, bool Finished)
{
    public double BytesPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>At the rate so far; null until there is a rate, and once the body is complete.</summary>
    public TimeSpan? Left => BytesPerSecond > 0 && Done < Total ? TimeSpan.FromSeconds((Total - Done) / BytesPerSecond) : null;
}

/// <summary>
/// Tells whoever watches the run (the runner's progress display) how bodies of at least <see cref="Threshold"/> bytes
/// advance: a tick at most every <see cref="Interval"/> per body, and one when it ends. Without a watcher it costs nothing.
/// </summary>
public sealed class TransferWatch
{
    /// <summary>Smaller bodies come and go too fast to be worth a bar.</summary>
    public const long Threshold = 8L * 1024 * 1024;

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private long _next;

    public Action<TransferProgress>? Watcher { get; set; }

    internal Meter? Start(RegistryRequest request, bool sending, long? total)
    {
        if (sending && request.Body?.Part is { } part)
        {
            return part.Upload.Meter.MoveTo(part.Offset);
        }

        return Watcher is { } watcher && total is { } size && size >= Threshold
            ? new Meter(Interlocked.Increment(ref _next), $"{request.Method} {request.Url.AbsolutePath}", sending, size, watcher)
            : null;
    }

    /// <summary>
    /// One blob sent in several requests (the chunks of an upload), shown as one transfer from its first byte to its
    /// last rather than as a transfer per chunk; null when nobody watches or the blob is small. Dispose it when the upload
    /// is over, whether or not every byte went: that ends the transfer.
    /// </summary>
    public Upload? StartUpload(string label, long size) =>
        Watcher is { } watcher && size >= Threshold ? new Upload(new Meter(Interlocked.Increment(ref _next), label, sending: true, size, watcher)) : null;

    /// <summary>A blob's upload in parts; each part's request body names it and the offset it starts at (<see cref="UploadPart"/>).</summary>
    public sealed class Upload : IDisposable
    {
        internal Upload(Meter meter) => Meter = meter;

        internal Meter Meter { get; }

        public UploadPart At(long offset) => new(this, offset);

        public void Dispose() => Meter.Finish();
    }

    /// <summary>
    /// Counts one body's bytes, or an upload's across its parts; the reads of one body, and the parts of one upload, come
    /// one after another, so it needs no lock.
    /// </summary>
    internal sealed class Meter(long id, string label, bool sending, long total, Action<TransferProgress> watcher)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _done;
        private TimeSpan _last;
        private bool _finished;

        /// <summary>Whether the body's end ends the transfer; a part's end does not, its upload's does.</summary>
        public bool EndsWithBody { get; private set; } = true;

        /// <summary>Counts on from where a part starts: a part sent again (after an authentication challenge) is not counted twice.</summary>
        public Meter MoveTo(long offset)
        {
            EndsWithBody = false;
            _done = offset;
            return this;
        }

        public void Add(long bytes)
        {
            _done += bytes;
            var now = _clock.Elapsed;
            if (now - _last >= Interval)
            {
                _last = now;
                watcher(new TransferProgress(id, label, sending, _done, total, now, Finished: false));
            }
        }

        public void Finish()
        {
            if (!_finished)
            {
                _finished = true;
                watcher(new TransferProgress(id, label, sending, _done, total, _clock.Elapsed, Finished: true));
            }
        }
    }
}

/// <summary>A request body passed through unchanged, its bytes counted as the connection reads them.</summary>
internal sealed class MeteredStream(Stream inner, TransferWatch.Meter meter) : ObservedReadStream(inner, leaveOpen: false)
{
    protected override void Observe(ReadOnlySpan<byte> data) => meter.Add(data.Length);

    protected override void Dispose(bool disposing)
    {
        if (disposing && meter.EndsWithBody)
        {
            meter.Finish();
        }

        base.Dispose(disposing);
    }
}
