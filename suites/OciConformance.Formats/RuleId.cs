using System.Text.RegularExpressions;

namespace OciConformance.Formats;

/// <summary>The grammar of requirement ids: lowercase dotted prefix then a kebab-case slug.</summary>
public static partial class RuleId
{
    public static bool IsWellFormed(string id) => Grammar().IsMatch(id);

    [GeneratedRegex("^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
