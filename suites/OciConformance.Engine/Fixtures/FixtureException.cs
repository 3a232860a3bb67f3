namespace OciConformance.Fixtures;

/// <summary>A fixture file that cannot be used: the message names the file and the JSON path of the problem.</summary>
public sealed class FixtureException : Exception
{
    public FixtureException(string file, string jsonPath, string problem)
        : base($"{file}: {jsonPath}: {problem}")
    {
        File = file;
        JsonPath = jsonPath;
    }

    public FixtureException() { }

    public FixtureException(string message) : base(message) { }

    public FixtureException(string message, Exception inner) : base(message, inner) { }

    public string? File { get; }

    public string? JsonPath { get; }
}
