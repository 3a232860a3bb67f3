namespace OciConformance.Content;

/// <summary>
/// Hashes whatever is read from the inner stream with sha256 and sha512 at once, so a blob of any size is verified
/// in one pass without ever being held in memory.
/// </summary>
public sealed class DigestingStream(Stream inner, bool leaveOpen = false, bool sha512 = true) : ObservedReadStream(inner, leaveOpen)
{
    private readonly ContentHasher _hasher = new(sha512);

    public long BytesRead => _hasher.Length;

    /// <summary>The digests of everything read so far; call once, after the last read.</summary>
    public ContentDigests Complete() => _hasher.Complete();

    protected override void Observe(ReadOnlySpan<byte> data) => _hasher.Append(data);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hasher.Dispose();
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
