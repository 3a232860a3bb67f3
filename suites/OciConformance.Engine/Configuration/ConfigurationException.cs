namespace OciConformance.Configuration;

/// <summary>A configuration value that cannot be used; the message names the key, the value and the expected form.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception inner) : base(message, inner) { }

    public ConfigurationException() { }
}
