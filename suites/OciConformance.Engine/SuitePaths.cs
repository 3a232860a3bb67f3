namespace OciConformance;

/// <summary>
/// Where the suite's data lives at run time: next to the binaries (the build copies schemas/ and fixtures/), or, for
/// the single-file executable, the folder its embedded copy was extracted to (set once at start-up, before any read).
/// </summary>
public static class SuitePaths
{
    private static string? _root;

    public static string Root => _root ?? AppContext.BaseDirectory;

    /// <summary>True when the data sits next to the binaries, as it does in a build or a framework-dependent publish.</summary>
    public static bool BesideBinaries => Directory.Exists(Path.Combine(AppContext.BaseDirectory, "schemas"));

    public static string Schemas => Path.Combine(Root, "schemas");

    public static string Fixtures => Path.Combine(Root, "fixtures");

    public static string Scenarios => Path.Combine(Fixtures, "scenarios");

    public static string Requirements => Path.Combine(Fixtures, "requirements");

    /// <summary>Reads the data from <paramref name="root"/> instead; only before the first read, since loaders cache what they read.</summary>
    public static void UseRoot(string root) => _root = root;
}
