namespace OciConformance.Reference.Faults;

/// <summary>
/// One deliberate deviation: its name, what it does, the rule it breaks, and how it bends the registry. Every
/// non-abstract subclass is a fault of <see cref="RegistryFaults.All"/>.
/// </summary>
internal abstract class RegistryFault(string name, string description, string rule)
{
    public FaultInfo Info { get; } = new(name, description, rule);

    /// <summary>
    /// Plugs the deviation into one registry instance. A fault is shared by every registry, so state it needs
    /// lives in what it registers here.
    /// </summary>
    public abstract void Apply(FaultLayer layer);
}
