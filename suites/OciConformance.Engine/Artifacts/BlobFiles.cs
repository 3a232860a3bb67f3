using OciConformance.Content;

namespace OciConformance.Artifacts;

/// <summary>
/// Where a layout keeps its blobs: <c>blobs/&lt;alg&gt;/&lt;encoded&gt;</c> in an OCI image layout; in a plain folder a
/// file named by the encoded digest (skopeo <c>dir:</c>), by the whole digest, or under <c>blobs/</c> too.
/// </summary>
internal sealed class BlobFiles(string root)
{
    public string Root { get; } = root;

    public bool IsLayout { get; set; }

    /// <summary>A plain folder's manifest.json, which is no blob file of its own.</summary>
    public LayoutManifest? Loose { get; set; }

    public string? Find(Digest digest) => Candidates(digest).FirstOrDefault(File.Exists);

    /// <summary>Where the blob was looked for, for the message that says it is missing.</summary>
    public string Expected(Digest digest) => $"looked for {string.Join(", ", Candidates(digest).Select(c => Path.GetRelativePath(Root, c)))}";

    private IEnumerable<string> Candidates(Digest digest)
    {
        yield return Path.Combine(Root, "blobs", digest.Algorithm, digest.Encoded);
        if (!IsLayout)
        {
            yield return Path.Combine(Root, digest.Encoded);
            yield return Path.Combine(Root, $"{digest.Algorithm}:{digest.Encoded}");
            yield return Path.Combine(Root, $"{digest.Algorithm}-{digest.Encoded}");
        }
    }

    /// <summary>
    /// Checks a blob file against its descriptor: size first (cheap), then the digest, hashed while streamed from disk
    /// (<paramref name="bytes"/> when the caller already holds them, a manifest). A file of content checked before
    /// (<see cref="Formats.CheckedContent"/>, a shipped pack whose bytes the stamp fingerprinted) is not hashed again.
    /// </summary>
    public static void Verify(string root, string file, Digest digest, long size, byte[]? bytes, bool checkedBefore)
    {
        var name = Path.GetRelativePath(root, file);
        var length = bytes?.LongLength ?? new FileInfo(file).Length;
        if (length != size)
        {
            throw new ArtifactException(root, $"{name} holds {length} bytes, but its descriptor says {size} ({digest}).");
        }

        if (checkedBefore)
        {
            return;
        }

        ContentDigests digests;
        using (var stream = new DigestingStream(bytes is null ? File.OpenRead(file) : new MemoryStream(bytes)))
        {
            stream.CopyTo(Stream.Null, ContentHasher.ReadBuffer);
            digests = stream.Complete();
        }

        var actual = digests.For(digest.Algorithm);
        if (actual != digest)
        {
            throw new ArtifactException(root, $"{name} does not match its digest: its bytes hash to {actual}, its descriptor says {digest}.");
        }
    }
}
