namespace OciConformance.Configuration;

/// <summary>Where configuration comes from. Tests pass their own environment; the programs pass the process's.</summary>
public sealed record ConfigurationSources
{
    /// <summary>The flags the command line gave, in order: a later one wins over an earlier one.</summary>
    public IReadOnlyList<FlagValue> Flags { get; init; } = [];

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Values by configuration key (<c>target.url</c>), as NUnit test parameters give them; above the environment, below flags.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    public static ConfigurationSources FromProcess(IReadOnlyList<FlagValue> flags) => new()
    {
        Flags = flags,
        Environment = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal),
    };
}

/// <summary>One flag as the command line gave it: <c>--parallel</c> and <c>4</c>; a switch given alone has <c>true</c>.</summary>
public sealed record FlagValue(string Flag, string Text);
