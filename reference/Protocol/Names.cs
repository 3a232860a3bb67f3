using System.Text.RegularExpressions;

namespace OciConformance.Reference.Protocol;

/// <summary>The spec's grammars for repository names and tags.</summary>
internal static partial class Names
{
    /// <summary>Clients commonly cap host + "/" + name at 255 characters; the registry refuses names that alone exceed it.</summary>
    public const int MaxRepositoryLength = 255;

    public static bool IsValidRepository(string name) =>
        name.Length <= MaxRepositoryLength && Repository().IsMatch(name);

    public static bool IsValidTag(string tag) => Tag().IsMatch(tag);

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Repository();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex Tag();
}
