using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OciConformance.Reference.Protocol;

/// <summary>A content digest, <c>algorithm:encoded</c>, per image-spec descriptor.md.</summary>
internal sealed partial record Digest(string Algorithm, string Encoded)
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    public override string ToString() => $"{Algorithm}:{Encoded}";

    /// <summary>Grammar check plus the registered algorithms' own encoding rules (lowercase hex of fixed length).</summary>
    public static bool TryParse(string? text, out Digest digest)
    {
        digest = new Digest(string.Empty, string.Empty);
        if (string.IsNullOrEmpty(text) || !Grammar().IsMatch(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var algorithm = text[..colon];
        var encoded = text[(colon + 1)..];
        var hexLength = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => 0,
        };
        if (hexLength > 0 && (encoded.Length != hexLength || !LowerHex().IsMatch(encoded)))
        {
            return false;
        }

        digest = new Digest(algorithm, encoded);
        return true;
    }

    public static bool IsKnownAlgorithm(string algorithm) => algorithm is Sha256 or Sha512;

    public static IncrementalHash CreateHash(string algorithm) => algorithm switch
    {
        Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        Sha512 => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unsupported digest algorithm"),
    };

    public static Digest FromHash(string algorithm, byte[] hash) => new(algorithm, Convert.ToHexStringLower(hash));

    public static Digest Compute(string algorithm, ReadOnlySpan<byte> content)
    {
        using var hash = CreateHash(algorithm);
        hash.AppendData(content);
        return FromHash(algorithm, hash.GetHashAndReset());
    }

    public static async Task<Digest> ComputeAsync(string algorithm, Stream content, CancellationToken cancellationToken)
    {
        using var hash = CreateHash(algorithm);
        var buffer = new byte[256 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return FromHash(algorithm, hash.GetHashAndReset());
    }

    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")]
    private static partial Regex Grammar();

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex LowerHex();
}
