namespace OciConformance.Reference.Storage;

/// <summary>
/// Append-only bytes held as a list of growing segments (4 KiB doubling to 1 MiB), so a large
/// in-memory blob never needs one huge contiguous array.
/// </summary>
internal sealed class SegmentedBuffer
{
    private const int FirstSegment = 4 * 1024;
    private const int LargestSegment = 1024 * 1024;
    private readonly List<byte[]> _segments = [];
    private readonly object _gate = new();

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            while (!data.IsEmpty)
            {
                var (index, offset) = Locate(Length);
                if (index == _segments.Count)
                {
                    var size = _segments.Count == 0 ? FirstSegment : Math.Min(LargestSegment, _segments[^1].Length * 2);
                    _segments.Add(new byte[size]);
                }

                var segment = _segments[index];
                var take = Math.Min(segment.Length - offset, data.Length);
                data[..take].CopyTo(segment.AsSpan(offset));
                data = data[take..];
                Length += take;
            }
        }
    }

    public void Truncate(long length)
    {
        lock (_gate)
        {
            if (length < Length)
            {
                Length = length;
            }
        }
    }

    /// <summary>Copies bytes starting at <paramref name="position"/>; returns how many were copied.</summary>
    public int Read(long position, Span<byte> destination)
    {
        lock (_gate)
        {
            var copied = 0;
            while (copied < destination.Length && position < Length)
            {
                var (index, offset) = Locate(position);
                var segment = _segments[index];
                var available = (int)Math.Min(segment.Length - offset, Length - position);
                var take = Math.Min(available, destination.Length - copied);
                segment.AsSpan(offset, take).CopyTo(destination[copied..]);
                copied += take;
                position += take;
            }

            return copied;
        }
    }

    public Stream OpenRead() => new SegmentedReadStream(this);

    private (int Index, int Offset) Locate(long position)
    {
        long start = 0;
        for (var i = 0; i < _segments.Count; i++)
        {
            var size = _segments[i].Length;
            if (position < start + size)
            {
                return (i, (int)(position - start));
            }

            start += size;
        }

        return (_segments.Count, 0);
    }
}

/// <summary>A seekable read-only view over a <see cref="SegmentedBuffer"/>.</summary>
internal sealed class SegmentedReadStream(SegmentedBuffer buffer) : Stream
{
    private readonly long _length = buffer.Length;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer1, int offset, int count) => Read(buffer1.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        var remaining = _length - Position;
        if (remaining <= 0)
        {
            return 0;
        }

        var read = buffer.Read(Position, destination[..(int)Math.Min(destination.Length, remaining)]);
        Position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(destination.Span));

    public override Task<int> ReadAsync(byte[] buffer1, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer1.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => _length + offset,
        };
        return Position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer1, int offset, int count) => throw new NotSupportedException();
}
