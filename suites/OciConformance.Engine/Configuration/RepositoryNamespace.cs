using System.Text.RegularExpressions;

namespace OciConformance.Configuration;

/// <summary>
/// The repository name grammar of the distribution-spec
/// (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests).
/// </summary>
public static partial class RepositoryNamespace
{
    public static bool IsValid(string name) => name.Length <= 255 && Grammar().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Grammar();
}
