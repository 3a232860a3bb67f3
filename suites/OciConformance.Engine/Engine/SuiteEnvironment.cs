using OciConformance.Configuration;
using OciConformance.Formats;
using OciConformance.Http;
using OciConformance.Requirements;

namespace OciConformance.Engine;

/// <summary>What every case of one run shares: the target, its client, the catalogs and the run's identity.</summary>
public sealed record SuiteEnvironment
{
    public required ConformanceOptions Options { get; init; }
    public required RegistryClient Client { get; init; }
    public required RequirementCatalog Requirements { get; init; }
    public required SchemaSet Schemas { get; init; }

    /// <summary>Manifest formats: what the suite pushes is checked before it leaves, what comes back is checked on arrival.</summary>
    public required FormatCatalog Formats { get; init; }

    /// <summary>A short id unique to this run; repositories and generated content derive from it.</summary>
    public required string RunId { get; init; }

    /// <summary>How the target is named in reports (its URL, or the embedded registry).</summary>
    public required string TargetName { get; init; }

    /// <summary>What the run's cases created in the registry, for the cleanup at its end.</summary>
    public Cleanup.ContentLedger Ledger { get; } = new();

    /// <summary>An environment for one run against <paramref name="target"/>, with a fresh run id and its own client.</summary>
    public static SuiteEnvironment Create(ConformanceOptions options, SuiteData data, Uri target, string targetName)
    {
        var credentials = options.Target.Username is { } user ? new RegistryCredentials(user, options.Target.Password ?? "") : null;
        var pullOnly = options.Auth.PullOnlyUsername is { } reader ? new RegistryCredentials(reader, options.Auth.PullOnlyPassword ?? "") : null;
        return new SuiteEnvironment
        {
            Options = options,
            Client = new RegistryClient(target, credentials, options.Run.RequestTimeout, new Redactor(), pullOnly, options.Run.RateLimits),
            Requirements = data.Requirements,
            Schemas = data.Schemas,
            Formats = data.Formats,
            RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)),
            TargetName = targetName,
        };
    }
}
