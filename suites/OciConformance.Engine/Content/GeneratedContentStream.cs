using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OciConformance.Content;

/// <summary>
/// Deterministic pseudo-random content of any length, produced on the fly: a scenario can push and re-read a
/// multi-gigabyte blob with the memory of one buffer. The same seed always yields the same bytes.
/// </summary>
public sealed class GeneratedContentStream : Stream
{
    private readonly ulong _seed;
    private readonly long _length;
    private long _position;

    public GeneratedContentStream(ulong seed, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _seed = seed;
        _length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _length - _position);
        var written = 0;
        while (written < count)
        {
            var position = _position + written;
            var lane = (int)(position & 7);
            if (lane == 0 && count - written >= 8)
            {
                // Whole blocks are the bulk of any large read: written as 64-bit words, in one tight loop.
                var words = MemoryMarshal.Cast<byte, ulong>(buffer.Slice(written, (count - written) & ~7));
                var first = position >> 3;
                for (var i = 0; i < words.Length; i++)
                {
                    var word = BlockAt(first + i);
                    words[i] = BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
                }

                written += words.Length * 8;
                continue;
            }

            var block = BlockAt(position >> 3);
            for (; lane < 8 && written < count; lane++, written++)
            {
                buffer[written] = (byte)(block >> (lane * 8));
            }
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <summary>SplitMix64 over the 8-byte block index: cheap, seekable and well spread.</summary>
    private ulong BlockAt(long block)
    {
        var z = _seed + (ulong)block * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
