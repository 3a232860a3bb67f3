using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OciConformance.Reference;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLineRequest(RegistryOptions Options, bool ListFaults, bool Help);

/// <summary>Bad command-line input: the message names the flag and the form it expects.</summary>
internal sealed class CommandLineException(string message) : Exception(message);

/// <summary>The registry's flags on System.CommandLine. A value flag given twice takes the last value; a repeatable one collects all.</summary>
internal static class CommandLine
{
    private const string UserForm = "name:password:pull,push,delete";
    private static readonly string[] KnownActions = ["pull", "push", "delete"];

    private static readonly Option<int> Port = Number("--port", "N (0-65535)", "Port to listen on; 0 picks a free one, printed at start.", 5000, 0, 65535);
    private static readonly Option<string?> Storage = Single<string?>("--storage", "DIR", "Keep blobs and metadata in DIR (default: in memory).", null, text => text);
    private static readonly Option<string> Host = Single("--host", "ADDRESS (e.g. 127.0.0.1)", "Address to bind.", "127.0.0.1", text => text);
    private static readonly Option<bool> NoReferrers = Flag("--no-referrers", "No referrers API: the referrers endpoint answers 404 and no OCI-Subject is sent.");
    private static readonly Option<bool> ArtifactManifest = Flag("--artifact-manifest", "Accept the OCI artifact manifest and list it as a referrer.");
    private static readonly Option<bool> Oras = Flag("--oras", "Accept the ORAS artifact manifest and serve the ORAS referrers extension.");
    private static readonly Option<bool> ObjectManifest = Flag("--object-manifest", "Accept the generic object manifest (draft, opencontainers/artifacts pull request 37); its blob and reference components must exist.");
    private static readonly Option<bool> OpaqueManifests = Flag("--opaque-manifests", "Store a JSON manifest of any other media type byte for byte, reading nothing from it (no subject, no referrers listing).");
    private static readonly Option<bool> MountWithoutFrom = Flag("--mount-without-from", "A mount without from looks for the blob in every repository the caller may pull from.");
    private static readonly Option<bool> NoDelete = Flag("--no-delete", "Every manifest, tag and blob DELETE answers 405 UNSUPPORTED.");
    private static readonly Option<bool> ReadOnly = Flag("--read-only", "Every POST, PUT, PATCH and DELETE answers 405 UNSUPPORTED.");
    private static readonly Option<RegistryAuthMode> Auth = Single("--auth", "none|basic|token", "Authentication (default none).", RegistryAuthMode.None, ParseAuth);
    private static readonly Option<List<RegistryUser>> Users = Repeated("--user", UserForm, "An account (repeatable; needed for basic and token).", ParseUser);
    private static readonly Option<bool> AnonymousPull = Flag("--anonymous-pull", "With --auth token: a token request without credentials gets a pull token for any repository.");
    private static readonly Option<int> ReferrersPageSize = Number("--referrers-page-size", "N (0 = no pagination)", "At most N descriptors per referrers page.", 0, 0, int.MaxValue);
    private static readonly Option<int> TagsPageSize = Number("--tags-page-size", "N (0 = no cap)", "Page cap for the tags list and catalog when the client sends no n.", 0, 0, int.MaxValue);
    private static readonly Option<int> MaxManifestBytes = Number("--max-manifest-bytes", "N (bytes)", "Manifest size limit; larger PUTs get 413.", 4 * 1024 * 1024, 1, int.MaxValue);
    private static readonly Option<int> RateLimitEvery = Number("--rate-limit-every", "N (0 = never)", "Answer every Nth request to /v2/ with 429 TOOMANYREQUESTS and Retry-After, as a rate-limited public registry.", 0, 0, int.MaxValue);
    private static readonly Option<int> RetryAfter = Number("--retry-after", "SECONDS", "The Retry-After of those 429 answers (default 1).", 1, 0, 86400);
    private static readonly Option<long> CorruptOffset = Single("--corrupt-offset", "BYTES", "The byte the chunk-corrupt-at-offset fault flips (default 2 GiB).", 2L * 1024 * 1024 * 1024,
        text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"--corrupt-offset expects a byte offset, got '{text}'"));
    private static readonly Option<List<string>> Faults = Repeated("--fault", "NAME (see --list-faults)", "Inject a fault (repeatable).", ParseFault);
    private static readonly Option<bool> ListFaults = Flag("--list-faults", "Print every fault with what it does and the rule it breaks, then exit.");

    private static readonly RootCommand Command = new("OCI reference registry: a strict implementation of the distribution-spec, with faults on demand.")
    {
        Port, Storage, Host, NoReferrers, ArtifactManifest, Oras, ObjectManifest, OpaqueManifests, MountWithoutFrom, NoDelete, ReadOnly, Auth, Users, AnonymousPull,
        ReferrersPageSize, TagsPageSize, MaxManifestBytes, RateLimitEvery, RetryAfter, CorruptOffset, Faults, ListFaults,
    };

    public static CommandLineRequest Parse(IReadOnlyList<string> args)
    {
        var result = Command.Parse(args);
        if (result.Errors.Count > 0)
        {
            throw new CommandLineException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
        }

        var options = new RegistryOptions
        {
            Port = result.GetValue(Port),
            StoragePath = result.GetValue(Storage) is { } storage ? Path.GetFullPath(storage) : null,
            Host = result.GetRequiredValue(Host),
            ReferrersApi = !result.GetValue(NoReferrers),
            ArtifactManifest = result.GetValue(ArtifactManifest),
            OrasArtifacts = result.GetValue(Oras),
            ObjectManifest = result.GetValue(ObjectManifest),
            OpaqueManifests = result.GetValue(OpaqueManifests),
            MountWithoutFrom = result.GetValue(MountWithoutFrom),
            DeleteEnabled = !result.GetValue(NoDelete),
            ReadOnly = result.GetValue(ReadOnly),
            Auth = result.GetValue(Auth),
            Users = result.GetRequiredValue(Users),
            AnonymousPull = result.GetValue(AnonymousPull),
            ReferrersPageSize = result.GetValue(ReferrersPageSize),
            CorruptOffset = result.GetValue(CorruptOffset),
            TagsPageSize = result.GetValue(TagsPageSize),
            MaxManifestBytes = result.GetValue(MaxManifestBytes),
            RateLimitEvery = result.GetValue(RateLimitEvery),
            RateLimitRetryAfterSeconds = result.GetValue(RetryAfter),
            Faults = result.GetRequiredValue(Faults).ToHashSet(StringComparer.Ordinal),
        };
        if (options.Auth != RegistryAuthMode.None && options.Users.Count == 0)
        {
            throw new CommandLineException($"--auth {options.Auth.ToString().ToLowerInvariant()} needs at least one --user {UserForm}");
        }

        if (options.AnonymousPull && options.Auth != RegistryAuthMode.Token)
        {
            throw new CommandLineException("--anonymous-pull needs --auth token: anonymous tokens come from the token service");
        }

        return new CommandLineRequest(options, result.GetValue(ListFaults), result.Action is HelpAction);
    }

    public static void WriteHelp(TextWriter output) => Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    private static Option<int> Number(string name, string form, string description, int fallback, int min, int max) =>
        Single(name, form, description, fallback, text =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new FormatException($"{name} expects an integer from {min} to {max}, got '{text}'"));

    /// <summary>A flag with one value, parsed by <paramref name="parse"/>, which throws <see cref="FormatException"/> naming the flag and the form it expects.</summary>
    private static Option<T> Single<T>(string name, string form, string description, T fallback, Func<string, T> parse)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = form.Split(' ')[0],
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => fallback,
            CustomParser = result => result.Tokens.Count == 0 ? fallback : Parsed(result, () => parse(result.Tokens[^1].Value), fallback),
        };
        option.Validators.Add(result => RequireValue(result, name, form));
        return option;
    }

    /// <summary>A flag that may be given many times; each value is parsed by <paramref name="parse"/>.</summary>
    private static Option<List<T>> Repeated<T>(string name, string form, string description, Func<string, T> parse)
    {
        var option = new Option<List<T>>(name)
        {
            Description = description,
            HelpName = form.Split(' ')[0],
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
            CustomParser = result => Parsed(result, () => result.Tokens.Select(t => parse(t.Value)).ToList(), []),
        };
        option.Validators.Add(result => RequireValue(result, name, form));
        return option;
    }

    /// <summary>The parsed value, or <paramref name="fallback"/> with the parse error recorded on <paramref name="result"/>.</summary>
    private static T Parsed<T>(ArgumentResult result, Func<T> parse, T fallback)
    {
        try
        {
            return parse();
        }
        catch (FormatException exception)
        {
            result.AddError(exception.Message);
            return fallback;
        }
    }

    private static void RequireValue(OptionResult result, string name, string form)
    {
        if (!result.Implicit && result.Tokens.Count == 0)
        {
            result.AddError($"{name} needs a value: {name} {form}");
        }
    }

    private static RegistryAuthMode ParseAuth(string text) => text switch
    {
        "none" => RegistryAuthMode.None,
        "basic" => RegistryAuthMode.Basic,
        "token" => RegistryAuthMode.Token,
        _ => throw new FormatException($"--auth expects none, basic or token, got '{text}'"),
    };

    private static RegistryUser ParseUser(string text)
    {
        var parts = text.Split(':');
        var actions = parts.Length == 3 ? parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        if (parts.Length != 3 || parts[0].Length == 0 || actions.Length == 0 || actions.Any(a => !KnownActions.Contains(a)))
        {
            throw new FormatException($"--user expects name:password:actions with actions from pull,push,delete, got '{text}'");
        }

        return new RegistryUser(parts[0], parts[1], actions);
    }

    private static string ParseFault(string name) =>
        RegistryFaults.All.Any(f => f.Name == name)
            ? name
            : throw new FormatException($"--fault got unknown fault '{name}'; known: {string.Join(", ", RegistryFaults.All.Select(f => f.Name))}");
}
