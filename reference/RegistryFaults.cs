using OciConformance.Reference.Faults;

namespace OciConformance.Reference;

/// <summary>A deliberate deviation the registry can be told to make.</summary>
/// <param name="Name">Kebab-case <c>area-what</c> name used in <see cref="RegistryOptions.Faults"/> and on the command line.</param>
/// <param name="Description">What the registry does differently.</param>
/// <param name="Rule">The rule of the distribution-spec (or the optional capability) it breaks.</param>
public sealed record FaultInfo(string Name, string Description, string Rule);

/// <summary>The catalogue of faults. Each one changes exactly one behaviour and nothing else.</summary>
public static class RegistryFaults
{
    /// <summary>Every fault defined under <c>Faults/</c>: each <see cref="RegistryFault"/> type registers itself by being there.</summary>
    private static readonly IReadOnlyDictionary<string, RegistryFault> Definitions = typeof(RegistryFault).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(RegistryFault)) && !type.IsAbstract)
        .Select(type => (RegistryFault)Activator.CreateInstance(type)!)
        .ToDictionary(fault => fault.Info.Name, StringComparer.Ordinal);

    /// <summary>Every fault, by name.</summary>
    public static IReadOnlyList<FaultInfo> All { get; } = [.. Definitions.Values.Select(f => f.Info).OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>The definitions of the named faults; throws <see cref="ArgumentException"/> naming any unknown one.</summary>
    internal static IReadOnlyList<RegistryFault> Named(IEnumerable<string> names)
    {
        var wanted = names.ToList();
        var unknown = wanted.Where(n => !Definitions.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown fault(s): {string.Join(", ", unknown)}. Known faults: {string.Join(", ", All.Select(f => f.Name))}.",
                nameof(names));
        }

        return [.. wanted.Select(n => Definitions[n])];
    }
}
