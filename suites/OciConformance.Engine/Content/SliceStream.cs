namespace OciConformance.Content;

/// <summary>
/// A read-only window of another stream, so a chunk of a large generated blob can be sent without holding it.
/// The window is positioned by seeking when the source allows it, else by reading past the skipped bytes.
/// </summary>
public sealed class SliceStream : Stream
{
    private readonly Stream _source;
    private readonly long _length;
    private long _position;

    public SliceStream(Stream source, long offset, long length)
    {
        _source = source;
        _length = length;
        if (source.CanSeek)
        {
            source.Seek(offset, SeekOrigin.Begin);
        }
        else
        {
            var skip = new byte[81920];
            for (var left = offset; left > 0;)
            {
                var read = source.Read(skip, 0, (int)Math.Min(skip.Length, left));
                if (read == 0)
                {
                    throw new EndOfStreamException($"The source ends before offset {offset}.");
                }

                left -= read;
            }
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = _source.Read(buffer[..wanted]);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = await _source.ReadAsync(buffer[..wanted], cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
