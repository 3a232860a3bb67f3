using System.Globalization;

namespace OciConformance.Reference;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLineRequest(RegistryOptions Options, bool ListFaults);

/// <summary>Bad command-line input: the message names the flag and the form it expects.</summary>
internal sealed class CommandLineException(string message) : Exception(message);

internal static class CommandLine
{
    public const string Usage =
        "usage: OciConformance.Reference [--port N] [--storage DIR] [--host ADDRESS] [--no-referrers] [--artifact-manifest] [--oras] [--mount-without-from]\n" +
        "       [--no-delete] [--read-only] [--auth none|basic|token] [--user name:password:pull,push,delete]...\n" +
        "       [--referrers-page-size N] [--tags-page-size N] [--max-manifest-bytes N] [--fault NAME]... [--list-faults]";

    private static readonly string[] KnownActions = ["pull", "push", "delete"];

    public static CommandLineRequest Parse(IReadOnlyList<string> args)
    {
        var options = new RegistryOptions { Port = 5000 };
        var users = new List<RegistryUser>();
        var faults = new HashSet<string>(StringComparer.Ordinal);
        var listFaults = false;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value(string form) =>
                i + 1 < args.Count ? args[++i] : throw new CommandLineException($"{flag} needs a value: {flag} {form}");

            options = flag switch
            {
                "--port" => options with { Port = Number(flag, Value("N (0-65535)"), 0, 65535) },
                "--storage" => options with { StoragePath = Path.GetFullPath(Value("DIR")) },
                "--host" => options with { Host = Value("ADDRESS (e.g. 127.0.0.1)") },
                "--no-referrers" => options with { ReferrersApi = false },
                "--artifact-manifest" => options with { ArtifactManifest = true },
                "--oras" => options with { OrasArtifacts = true },
                "--mount-without-from" => options with { MountWithoutFrom = true },
                "--no-delete" => options with { DeleteEnabled = false },
                "--read-only" => options with { ReadOnly = true },
                "--auth" => options with { Auth = Auth(flag, Value("none|basic|token")) },
                "--referrers-page-size" => options with { ReferrersPageSize = Number(flag, Value("N (0 = no pagination)"), 0, int.MaxValue) },
                "--tags-page-size" => options with { TagsPageSize = Number(flag, Value("N (0 = no cap)"), 0, int.MaxValue) },
                "--max-manifest-bytes" => options with { MaxManifestBytes = Number(flag, Value("N (bytes)"), 1, int.MaxValue) },
                "--user" => AddUser(options, users, flag, Value("name:password:pull,push,delete")),
                "--fault" => AddFault(options, faults, flag, Value("NAME (see --list-faults)")),
                "--list-faults" => ListFaults(options, ref listFaults),
                "--help" or "-h" => throw new CommandLineException(Usage),
                _ => throw new CommandLineException($"unknown flag '{flag}'\n{Usage}"),
            };
        }

        options = options with { Users = users, Faults = faults };
        if (options.Auth != RegistryAuthMode.None && users.Count == 0)
        {
            throw new CommandLineException($"--auth {options.Auth.ToString().ToLowerInvariant()} needs at least one --user name:password:pull,push,delete");
        }

        return new CommandLineRequest(options, listFaults);
    }

    private static RegistryOptions ListFaults(RegistryOptions options, ref bool listFaults)
    {
        listFaults = true;
        return options;
    }

    private static int Number(string flag, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandLineException($"{flag} expects an integer from {min} to {max}, got '{text}'");

    private static RegistryAuthMode Auth(string flag, string text) => text switch
    {
        "none" => RegistryAuthMode.None,
        "basic" => RegistryAuthMode.Basic,
        "token" => RegistryAuthMode.Token,
        _ => throw new CommandLineException($"{flag} expects none, basic or token, got '{text}'"),
    };

    private static RegistryOptions AddUser(RegistryOptions options, List<RegistryUser> users, string flag, string text)
    {
        var parts = text.Split(':');
        var actions = parts.Length == 3 ? parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        if (parts.Length != 3 || parts[0].Length == 0 || actions.Length == 0 || actions.Any(a => !KnownActions.Contains(a)))
        {
            throw new CommandLineException($"{flag} expects name:password:actions with actions from pull,push,delete, got '{text}'");
        }

        users.Add(new RegistryUser(parts[0], parts[1], actions));
        return options;
    }

    private static RegistryOptions AddFault(RegistryOptions options, HashSet<string> faults, string flag, string name)
    {
        if (!RegistryFaults.All.Any(f => f.Name == name))
        {
            throw new CommandLineException($"{flag} got unknown fault '{name}'; known: {string.Join(", ", RegistryFaults.All.Select(f => f.Name))}");
        }

        faults.Add(name);
        return options;
    }
}
