using System.CommandLine;
using System.CommandLine.Help;
using OciConformance.Configuration;
using OciConformance.Runner.Commands;

namespace OciConformance.Runner;

/// <summary>
/// The runner's command line, built from the setting declarations: a flag for every setting that has one, plus
/// <c>--config</c> and <c>--list</c>, and the subcommands. Flag values stay text here; the configuration loader turns
/// them into typed values and checks them against the schema, exactly as it does the environment's.
/// </summary>
public static class RunnerCommandLine
{
    /// <summary>No response files: a password may well begin with '@'.</summary>
    public static ParserConfiguration Parsing { get; } = new() { ResponseFileTokenReplacer = null };

    public static RootCommand Create()
    {
        List<Option> flags = [ConfigOption(), .. Settings.All.Where(s => s.Flag is not null).Select(FlagOf)];
        var list = new Option<bool>("--list") { Description = "list the scenarios and the requirements each checks, then exit" };

        var root = new RootCommand(
            "Runs the OCI registry conformance suites against a registry and writes results.json, junit.xml, report.html, "
            + "summary.md and allure-results/. With no target it starts the embedded reference registry.");
        var version = root.Options.OfType<VersionOption>().Single();
        version.Description = "print the tool version and the commit it was built from, then exit";
        version.Action = new RunnerVersion();

        foreach (var option in flags.Append(list))
        {
            root.Add(option);
        }

        root.Add(CompareCommand.Create());
        root.Add(MatrixCommand.Create());
        root.Add(VerifyBundleCommand.Create());
        root.Add(TidyCommand.Create());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new RunnerHelp((HelpAction)help.Action!);
        root.SetAction((parse, cancellationToken) => SuiteCommand.RunAsync(
            ConfigurationSources.FromProcess([.. FlagValues(parse, flags)]),
            parse.GetValue(list),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return root;
    }

    /// <summary><c>--config FILE</c>: the configuration file, for the root command and for subcommands that read settings.</summary>
    internal static Option ConfigOption() => Valued(ConfigurationLoader.ConfigFlag, "FILE",
        $"configuration file [default: {ConfigurationLoader.FileName}, searched upwards from the working directory; also {ConfigurationLoader.ConfigFileVariable}]");

    internal static Option FlagOf(Setting setting)
    {
        var description = $"{ConfigurationSchema.Shipped.Explain(setting)} [default: {setting.DefaultText}]";
        // A switch that names its value (--cleanup true/false) is read by the loader, which accepts on/off and the like.
        return setting.IsSwitch && setting.ValueName is null
            ? new Option<bool>(setting.Flag!) { Description = description }
            : Valued(setting.Flag!, setting.ValueName, description);
    }

    /// <summary>A flag whose value the loader reads; given twice, the later value wins.</summary>
    private static Option<string[]> Valued(string flag, string? valueName, string description) => new(flag)
    {
        Description = description,
        HelpName = valueName,
        Arity = ArgumentArity.OneOrMore,
    };

    internal static IEnumerable<FlagValue> FlagValues(ParseResult parse, IEnumerable<Option> flags)
    {
        foreach (var flag in flags)
        {
            if (parse.GetResult(flag) is { Implicit: false } result)
            {
                var text = flag is Option<bool> toggle ? (parse.GetValue(toggle) ? "true" : "false")
                    : Settings.All.Any(s => s.Flag == flag.Name && s.Repeatable) ? string.Join(',', result.Tokens.Select(t => t.Value))
                    : result.Tokens[^1].Value;
                yield return new FlagValue(flag.Name, text);
            }
        }
    }
}
