namespace OciConformance;

/// <summary>Where the suite's data lives at run time: next to the binaries (the build copies schemas/ and fixtures/).</summary>
public static class SuitePaths
{
    public static string Root { get; } = AppContext.BaseDirectory;

    public static string Schemas => Path.Combine(Root, "schemas");

    public static string Fixtures => Path.Combine(Root, "fixtures");

    public static string Scenarios => Path.Combine(Fixtures, "scenarios");

    public static string Requirements => Path.Combine(Fixtures, "requirements");
}
