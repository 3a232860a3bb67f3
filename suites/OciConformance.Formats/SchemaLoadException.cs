namespace OciConformance.Formats;

/// <summary>A schema or format pack could not be loaded; the message names the file and the problem.</summary>
public sealed class SchemaLoadException : Exception
{
    public SchemaLoadException()
    {
    }

    public SchemaLoadException(string message)
        : base(message)
    {
    }

    public SchemaLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SchemaLoadException(string file, string problem, Exception? innerException = null)
        : base($"{file}: {problem}", innerException)
    {
        File = file;
    }

    /// <summary>The file at fault, when there is one.</summary>
    public string? File { get; }
}
