using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OciConformance.Content;

/// <summary>
/// A content digest <c>algorithm:encoded</c>, as defined by the image-spec descriptor rules
/// (https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests).
/// </summary>
public readonly partial record struct Digest(string Algorithm, string Encoded)
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    public override string ToString() => $"{Algorithm}:{Encoded}";

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }

        var match = Grammar().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var algorithm = match.Groups["alg"].Value;
        var encoded = match.Groups["enc"].Value;
        var expectedLength = algorithm switch { Sha256 => 64, Sha512 => 128, _ => -1 };
        if (expectedLength > 0 && (encoded.Length != expectedLength || !LowerHex().IsMatch(encoded)))
        {
            return false;
        }

        digest = new Digest(algorithm, encoded);
        return true;
    }

    /// <summary>The sha256 digest of <paramref name="bytes"/>, the algorithm registries and clients default to.</summary>
    public static Digest Sha256Of(ReadOnlySpan<byte> bytes) => new(Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"'{text}' is not a digest of the form algorithm:encoded (e.g. sha256:<64 lowercase hex>).");

    [GeneratedRegex("^(?<alg>[a-z0-9]+(?:[+._-][a-z0-9]+)*):(?<enc>[a-zA-Z0-9=_-]+)$")]
    private static partial Regex Grammar();

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex LowerHex();
}
