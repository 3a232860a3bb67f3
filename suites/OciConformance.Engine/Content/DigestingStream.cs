using System.Security.Cryptography;

namespace OciConformance.Content;

/// <summary>
/// Hashes whatever is read from the inner stream with sha256 and sha512 at once, so a blob of any size is verified
/// in one pass without ever being held in memory.
/// </summary>
public sealed class DigestingStream : Stream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private readonly bool _leaveOpen;

    public DigestingStream(Stream inner, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>The digests of everything read so far; call once, after the last read.</summary>
    public ContentDigests Complete() => new(
        new Digest(Digest.Sha256, Convert.ToHexStringLower(_sha256.GetHashAndReset())),
        new Digest(Digest.Sha512, Convert.ToHexStringLower(_sha512.GetHashAndReset())),
        BytesRead);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        Append(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Append(ReadOnlySpan<byte> data)
    {
        _sha256.AppendData(data);
        _sha512.AppendData(data);
        BytesRead += data.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
            _sha512.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

/// <summary>What a streamed body hashed to.</summary>
public sealed record ContentDigests(Digest Sha256, Digest Sha512, long Length)
{
    public Digest For(string algorithm) => algorithm switch
    {
        Digest.Sha256 => Sha256,
        Digest.Sha512 => Sha512,
        _ => throw new NotSupportedException($"Digest algorithm '{algorithm}' is not computed by the suite (sha256 and sha512 are)."),
    };
}
