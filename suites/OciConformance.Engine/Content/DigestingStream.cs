namespace OciConformance.Content;

/// <summary>
/// Hashes whatever is read from the inner stream with sha256 and sha512 at once, so a blob of any size is verified
/// in one pass without ever being held in memory.
/// </summary>
public sealed class DigestingStream : Stream
{
    private readonly Stream _inner;
    private readonly ContentHasher _hasher = new(sha512: true);
    private readonly bool _leaveOpen;

    public DigestingStream(Stream inner, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    public long BytesRead => _hasher.Length;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>The digests of everything read so far; call once, after the last read.</summary>
    public ContentDigests Complete() => _hasher.Complete();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        _hasher.Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        _hasher.Append(buffer.Span[..read]);
        return read;
    }

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
            _hasher.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// What a streamed body hashed to. <see cref="Sha512"/> is null when it was not computed: the client leaves it out for
/// a large response that nothing asked it for, because sha512 costs twice sha256 and would halve a pull's throughput.
/// </summary>
public sealed record ContentDigests(Digest Sha256, Digest? Sha512, long Length)
{
    public Digest For(string algorithm) => algorithm switch
    {
        Digest.Sha256 => Sha256,
        Digest.Sha512 => Sha512 ?? throw new NotSupportedException($"The sha512 of this {Length}-byte response was not computed: the client hashes a body larger than {Http.RegistryClient.MaxBufferedBody} bytes with sha512 only when its URL names a sha512 digest."),
        _ => throw new NotSupportedException($"Digest algorithm '{algorithm}' is not computed by the suite (sha256 and sha512 are)."),
    };
}
