namespace OciConformance.Engine;

/// <summary>
/// The target refuses the suite before any case runs (a challenge on <c>/v2/</c> it cannot answer): the run stops
/// with this message instead of reporting anything about the registry.
/// </summary>
public sealed class RegistryAccessException : Exception
{
    public RegistryAccessException(string message) : base(message) { }

    public RegistryAccessException(string message, Exception inner) : base(message, inner) { }

    public RegistryAccessException() { }
}
