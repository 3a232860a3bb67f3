using System.Text;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// The distribution-spec's referrers tag schema: the tag under which clients keep the referrers index of a digest
/// when the registry has no referrers API.
/// </summary>
public static class ReferrersTag
{
    public const int AlgorithmLimit = 32;
    public const int EncodedLimit = 64;

    /// <summary>
    /// The referrers tag of <paramref name="digest"/>: the algorithm cut to 32 characters, '-', the encoded part cut to
    /// 64, every character a tag may not hold replaced by '-'.
    /// </summary>
    public static string For(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == digest.Length - 1)
        {
            throw new FormatException($"'{digest}' is not a digest (<algorithm>:<encoded>).");
        }

        var algorithm = digest[..colon];
        var encoded = digest[(colon + 1)..];
        var tag = new StringBuilder(AlgorithmLimit + 1 + EncodedLimit)
            .Append(algorithm.AsSpan(0, Math.Min(algorithm.Length, AlgorithmLimit)))
            .Append('-')
            .Append(encoded.AsSpan(0, Math.Min(encoded.Length, EncodedLimit)));
        for (var i = 0; i < tag.Length; i++)
        {
            if (!IsTagCharacter(tag[i]))
            {
                tag[i] = '-';
            }
        }

        return tag.ToString();
    }

    /// <summary>
    /// A character of the tag grammar <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>. Digest algorithms start with a letter
    /// or digit, so the stricter first position never needs a replacement of its own.
    /// </summary>
    private static bool IsTagCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
