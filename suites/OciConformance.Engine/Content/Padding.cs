namespace OciConformance.Content;

/// <summary>
/// A run of <see cref="Length"/> padding characters standing as a JSON string (a <c>{filler.N}</c> placeholder). Client
/// JSON writes it straight into the document's bytes: a manifest padded to 4 MiB never holds an 8 MiB string.
/// </summary>
public readonly record struct Padding(int Length)
{
    public const char Character = 'x';
}
