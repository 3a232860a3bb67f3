using OciConformance.Formats;

namespace OciConformance.Runner.Commands;

public static class CommandSupport
{
    /// <summary>The schemas shipped next to the runner, used to check every results.json a command reads.</summary>
    public static SchemaSet Schemas() => SchemaSet.Load(SuitePaths.Schemas);
}
