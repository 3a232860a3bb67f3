namespace OciConformance.Artifacts;

/// <summary>
/// An artifact or pack that cannot be used (no layout, a missing blob, a digest that does not match, a pack.json that
/// disagrees with its manifest): the message names the folder and what is wrong. It is never the registry's fault,
/// so it stops the run before any request (exit code 2).
/// </summary>
public sealed class ArtifactException : Exception
{
    public ArtifactException(string source, string problem)
        : base($"{source}: {problem}")
    {
        Folder = source;
    }

    public ArtifactException() { }

    public ArtifactException(string message) : base(message) { }

    public ArtifactException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Whether the folder is a pack shipped under fixtures/artifacts/ rather than one the configuration named.</summary>
    public bool IsPack => Folder is { } folder && Path.GetFullPath(folder).StartsWith(Path.GetFullPath(SuitePaths.Fixtures) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The folder of the artifact.</summary>
    public string? Folder { get; }
}
