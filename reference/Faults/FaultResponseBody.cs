namespace OciConformance.Reference.Faults;

/// <summary>What becomes of a response body: held back whole for <paramref name="Rewrite"/>, or sent on, through <paramref name="Transform"/> when there is one.</summary>
internal sealed record BodyPlan(Func<byte[], byte[]>? Rewrite, ChunkTransform? Transform);

/// <summary>
/// The response body while faults may change it. The plan is made at the first write, once the handler has set status
/// and headers; a held-back body reaches the client only when the layer writes its rewrite.
/// </summary>
internal sealed class FaultResponseBody(Stream inner, Func<BodyPlan> plan) : Stream
{
    private readonly MemoryStream _kept = new();
    private BodyPlan? _plan;

    /// <summary>The held-back body, rewritten; null when the body went straight on (or nothing was written).</summary>
    public byte[]? Rewritten() => _plan?.Rewrite?.Invoke(_kept.ToArray());

    private bool Keeps => _plan?.Rewrite is not null;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _plan ??= plan();
        if (Keeps)
        {
            _kept.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        return inner.WriteAsync(_plan.Transform?.Invoke(buffer) ?? buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _plan ??= plan();
        if (Keeps)
        {
            _kept.Write(buffer, offset, count);
            return;
        }

        var chunk = buffer.AsMemory(offset, count);
        inner.Write((_plan.Transform?.Invoke(chunk) ?? chunk).Span);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Keeps ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
        if (!Keeps)
        {
            inner.Flush();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kept.Dispose();
        }

        base.Dispose(disposing);
    }
}
