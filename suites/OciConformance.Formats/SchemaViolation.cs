namespace OciConformance.Formats;

/// <summary>One failed assertion: where in the instance, what went wrong, and the requirement it breaks (null when the schema names none).</summary>
public sealed record SchemaViolation(string InstancePath, string Message, string? Rule);
