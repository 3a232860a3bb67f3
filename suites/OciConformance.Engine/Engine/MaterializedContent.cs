using System.Security.Cryptography;
using System.Text;
using OciConformance.Content;
using OciConformance.Http;

namespace OciConformance.Engine;

/// <summary>Content of a scenario made real: re-openable bytes with their size and digests.</summary>
public sealed record MaterializedContent(Func<Stream> Open, long Size, ContentDigests Digests, string MediaType, string Algorithm, ReadOnlyMemory<byte>? Bytes)
{
    private readonly Lazy<Digest> _sha512 = new(() => new Digest(Digest.Sha512, Convert.ToHexStringLower(HashSha512(Open))));

    public Digest Digest => Digests.For(Algorithm);

    /// <summary>
    /// The content's sha512. Generated and file content addressed by sha256 is not hashed with sha512 up front, which
    /// would double the hashing of every large blob; a fixture that asks for it (<c>{blob.x.sha512}</c>) has it hashed then.
    /// </summary>
    public Digest Sha512 => Digests.Sha512 ?? _sha512.Value;

    public RequestBody ToRequestBody(string description) =>
        Bytes is { } bytes ? RequestBody.FromBytes(bytes, description) : new RequestBody(Open, Size, $"({Size} bytes, {Digest})");

    public static MaterializedContent FromBytes(byte[] bytes, string mediaType, string algorithm)
    {
        using var digesting = new DigestingStream(new MemoryStream(bytes));
        digesting.CopyTo(Stream.Null);
        return new MaterializedContent(() => new MemoryStream(bytes, writable: false), bytes.Length, digesting.Complete(), mediaType, algorithm, bytes);
    }

    /// <summary>Generated content is hashed in one streaming pass; its bytes are never held.</summary>
    public static async Task<MaterializedContent> GeneratedAsync(ulong seed, long size, string mediaType, string algorithm, CancellationToken cancellationToken)
    {
        await using var digesting = new DigestingStream(new GeneratedContentStream(seed, size), sha512: algorithm == Digest.Sha512);
        await digesting.CopyToAsync(Stream.Null, ContentHasher.ReadBuffer, cancellationToken);
        return new MaterializedContent(() => new GeneratedContentStream(seed, size), size, digesting.Complete(), mediaType, algorithm, null);
    }

    /// <summary>A file's bytes, hashed in one streaming pass and read again from disk each time they are sent.</summary>
    public static async Task<MaterializedContent> FromFileAsync(string file, string mediaType, string algorithm, CancellationToken cancellationToken)
    {
        await using var digesting = new DigestingStream(File.OpenRead(file), sha512: algorithm == Digest.Sha512);
        await digesting.CopyToAsync(Stream.Null, ContentHasher.ReadBuffer, cancellationToken);
        return new MaterializedContent(() => File.OpenRead(file), digesting.BytesRead, digesting.Complete(), mediaType, algorithm, null);
    }

    private static byte[] HashSha512(Func<Stream> open)
    {
        using var stream = open();
        return SHA512.HashData(stream);
    }

    public static ulong Seed(params string[] parts) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
