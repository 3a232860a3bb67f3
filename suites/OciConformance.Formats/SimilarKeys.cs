namespace OciConformance.Formats;

/// <summary>Suggests keys close to a mistyped one, for error messages.</summary>
internal static class SimilarKeys
{
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<string> known, int max = 5)
    {
        var stem = Stem(wanted);
        return [.. known
            .Select(k => (Key: k, Distance: Distance(wanted, k), SameStem: Stem(k) == stem))
            .Where(x => x.SameStem || x.Distance <= Math.Max(3, wanted.Length / 3))
            .OrderBy(x => x.SameStem ? 0 : 1)
            .ThenBy(x => x.Distance)
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Key)];
    }

    // The key without its version suffix: "manifests/oci-image-manifest.v1.1" -> "manifests/oci-image-manifest".
    private static string Stem(string key)
    {
        var cut = key.IndexOf(".v", StringComparison.Ordinal);
        return cut < 0 ? key : key[..cut];
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
