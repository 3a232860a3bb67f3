using System.Security.Cryptography;

namespace OciConformance.Content;

/// <summary>
/// Hashes bytes as they pass, with sha256 and, when asked, sha512, counting them: one pass over content of any size,
/// nothing held. Not thread-safe; a caller that hashes on another thread hands it one chunk at a time.
/// </summary>
public sealed class ContentHasher(bool sha512) : IDisposable
{
    /// <summary>
    /// The buffer a whole blob is read through to be hashed. Larger hashes no faster, and the pool keeps a buffer per
    /// thread: at 1 MiB, eight cases at once held 8 MiB of them for the rest of a run.
    /// </summary>
    public const int ReadBuffer = 128 * 1024;

    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash? _sha512 = sha512 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA512) : null;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha256.AppendData(data);
        _sha512?.AppendData(data);
        Length += data.Length;
    }

    /// <summary>The digests of everything appended; call once, after the last chunk.</summary>
    public ContentDigests Complete() => new(
        new Digest(Digest.Sha256, Convert.ToHexStringLower(_sha256.GetHashAndReset())),
        _sha512 is null ? null : new Digest(Digest.Sha512, Convert.ToHexStringLower(_sha512.GetHashAndReset())),
        Length);

    public void Dispose()
    {
        _sha256.Dispose();
        _sha512?.Dispose();
    }
}
