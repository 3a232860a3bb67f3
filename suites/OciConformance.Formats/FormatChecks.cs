using System.Security.Cryptography;
using System.Text.Json;

namespace OciConformance.Formats;

/// <summary>A rule that JSON Schema cannot express, run on a parsed body (and its raw bytes) at the pointers a catalog binds it to.</summary>
internal interface IFormatCheck
{
    IEnumerable<(string Path, string Message)> Run(JsonElement root, ReadOnlySpan<byte> raw, IReadOnlyList<string> at);
}

/// <summary>The C# checks a format catalog may name, by name.</summary>
internal static class FormatChecks
{
    private static readonly Dictionary<string, IFormatCheck> ByName = new(StringComparer.Ordinal)
    {
        ["unique-member-names"] = new UniqueMemberNames(),
        ["embedded-data-matches"] = new EmbeddedDataMatches(),
        ["absolute-uris"] = new AbsoluteUris(),
        ["lexical-order"] = new LexicalOrder(),
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryGet(string name, out IFormatCheck check) => ByName.TryGetValue(name, out check!);
}

/// <summary>
/// Annotation keys (and every other member name) must be unique. A parser silently keeps the last duplicate,
/// so only the raw bytes show it.
/// </summary>
internal sealed class UniqueMemberNames : IFormatCheck
{
    public IEnumerable<(string Path, string Message)> Run(JsonElement root, ReadOnlySpan<byte> raw, IReadOnlyList<string> at)
    {
        var found = new List<(string, string)>();
        var reader = new Utf8JsonReader(raw, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var scopes = new Stack<Scope>();
        string? pendingName = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = scopes.Count == 0 ? string.Empty : $"{scopes.Peek().Path}/{ChildSegment(scopes.Peek(), pendingName)}";
                    scopes.Push(new Scope(path, reader.TokenType == JsonTokenType.StartObject));
                    pendingName = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    scopes.Pop();
                    if (scopes.Count > 0 && !scopes.Peek().IsObject)
                    {
                        scopes.Peek().Index++;
                    }

                    break;
                case JsonTokenType.PropertyName:
                    pendingName = reader.GetString()!;
                    if (!scopes.Peek().Names.Add(pendingName))
                    {
                        found.Add((scopes.Peek().Path, $"member name \"{pendingName}\" appears more than once"));
                    }

                    break;
                default:
                    pendingName = null;
                    if (scopes.Count > 0 && !scopes.Peek().IsObject)
                    {
                        scopes.Peek().Index++;
                    }

                    break;
            }
        }

        return found;
    }

    private static string ChildSegment(Scope parent, string? name) =>
        parent.IsObject ? JsonPointers.Escape(name ?? string.Empty) : parent.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Scope(string path, bool isObject)
    {
        public string Path { get; } = path;

        public bool IsObject { get; } = isObject;

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public int Index { get; set; }
    }
}

/// <summary>A descriptor's embedded <c>data</c> must decode to exactly the content its <c>size</c> and <c>digest</c> name.</summary>
internal sealed class EmbeddedDataMatches : IFormatCheck
{
    public IEnumerable<(string Path, string Message)> Run(JsonElement root, ReadOnlySpan<byte> raw, IReadOnlyList<string> at)
    {
        var found = new List<(string, string)>();
        foreach (var (path, descriptor) in at.SelectMany(p => JsonPointers.Resolve(root, p)))
        {
            if (descriptor.ValueKind != JsonValueKind.Object
                || !descriptor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(data.GetString()!);
            }
            catch (FormatException)
            {
                // Malformed base64 is the schema's rule, not this one.
                continue;
            }

            if (descriptor.TryGetProperty("size", out var size) && size.TryGetInt64(out var expected) && expected != bytes.LongLength)
            {
                found.Add(($"{path}/data", $"data decodes to {bytes.LongLength} bytes but size says {expected}"));
            }

            if (descriptor.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String)
            {
                var actual = Digest(digest.GetString()!, bytes);
                if (actual is not null && actual != digest.GetString())
                {
                    found.Add(($"{path}/data", $"data hashes to {actual} but digest says {digest.GetString()}"));
                }
            }
        }

        return found;
    }

    // Only registered algorithms can be verified; others pass, as the spec asks of unknown algorithms.
    private static string? Digest(string declared, byte[] bytes)
    {
        if (declared.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        return declared.StartsWith("sha512:", StringComparison.Ordinal)
            ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))
            : null;
    }
}

/// <summary>Every string at the bound pointers must be an absolute RFC 3986 URI (a location content can be fetched from).</summary>
internal sealed partial class AbsoluteUris : IFormatCheck
{
    public IEnumerable<(string Path, string Message)> Run(JsonElement root, ReadOnlySpan<byte> raw, IReadOnlyList<string> at) =>
        [.. at.SelectMany(p => JsonPointers.Resolve(root, p))
            .Where(hit => hit.Value.ValueKind == JsonValueKind.String && !IsAbsoluteUri(hit.Value.GetString()!))
            .Select(hit => (hit.Path, $"\"{hit.Value.GetString()}\" is not an absolute URI"))];

    // On Unix, Uri accepts "/path" as an absolute file URI, so the scheme must be spelled out in the text itself.
    private static bool IsAbsoluteUri(string value) =>
        SchemePrefix().IsMatch(value) && !value.Any(char.IsWhiteSpace) && Uri.TryCreate(value, UriKind.Absolute, out _);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SchemePrefix();
}

/// <summary>
/// Strings in each bound array must be in lexical order. The spec glosses lexical order as case-insensitive,
/// while registries commonly sort by byte value; either order is accepted.
/// </summary>
internal sealed class LexicalOrder : IFormatCheck
{
    public IEnumerable<(string Path, string Message)> Run(JsonElement root, ReadOnlySpan<byte> raw, IReadOnlyList<string> at)
    {
        var found = new List<(string, string)>();
        foreach (var (path, array) in at.SelectMany(p => JsonPointers.Resolve(root, p)))
        {
            if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                continue;
            }

            var values = array.EnumerateArray().Select(e => e.GetString()!).ToList();
            if (!IsSorted(values, StringComparer.Ordinal) && !IsSorted(values, StringComparer.OrdinalIgnoreCase))
            {
                found.Add((path, "entries are not in lexical order"));
            }
        }

        return found;
    }

    private static bool IsSorted(List<string> values, StringComparer comparer)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (comparer.Compare(values[i - 1], values[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
