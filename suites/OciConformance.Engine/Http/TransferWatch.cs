using System.Diagnostics;

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

    internal Meter? Start(string label, bool sending, long? total) =>
        Watcher is { } watcher && total is { } size && size >= Threshold
            ? new Meter(Interlocked.Increment(ref _next), label, sending, size, watcher)
            : null;

    /// <summary>Counts one body's bytes; the reads of one body come one after another, so it needs no lock.</summary>
    internal sealed class Meter(long id, string label, bool sending, long total, Action<TransferProgress> watcher)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _done;
        private TimeSpan _last;
        private bool _finished;

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
internal sealed class MeteredStream(Stream inner, TransferWatch.Meter meter) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            meter.Finish();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        meter.Add(read);
        return read;
    }
}
