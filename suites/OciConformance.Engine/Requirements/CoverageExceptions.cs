using OciConformance.Fixtures;

namespace OciConformance.Requirements;

/// <summary>One testable requirement deliberately left without a check, and why.</summary>
public sealed record CoverageExceptionEntry(string Id, string Reason);

/// <summary>
/// Testable registry requirements that no scenario checks on purpose (<c>fixtures/requirements/coverage-exceptions.json</c>,
/// format <c>schemas/coverage-exceptions.v1.schema.json</c>): the coverage report shows each with its reason.
/// </summary>
public sealed class CoverageExceptions
{
    public const string FileName = "coverage-exceptions.json";
    public const string Schema = "coverage-exceptions.v1";

    private static readonly Lazy<CoverageExceptions> Default = new(() =>
    {
        var file = Path.Combine(SuitePaths.Requirements, FileName);
        return File.Exists(file) ? Load(file, new FixtureValidator(Formats.SchemaSet.Load(SuitePaths.Schemas))) : new CoverageExceptions([]);
    });

    private readonly Dictionary<string, CoverageExceptionEntry> _byId;

    public CoverageExceptions(IEnumerable<CoverageExceptionEntry> exceptions)
    {
        _byId = new Dictionary<string, CoverageExceptionEntry>(StringComparer.Ordinal);
        foreach (var exception in exceptions)
        {
            if (!_byId.TryAdd(exception.Id, exception))
            {
                throw new FixtureException(FileName, "$.exceptions", $"requirement '{exception.Id}' has two exception entries.");
            }
        }
    }

    /// <summary>The exceptions shipped with the suite.</summary>
    public static CoverageExceptions Shipped => Default.Value;

    public IReadOnlyCollection<CoverageExceptionEntry> All => _byId.Values;

    public bool TryGet(string id, out CoverageExceptionEntry exception) => _byId.TryGetValue(id, out exception!);

    public static CoverageExceptions Load(string file, FixtureValidator validator)
    {
        using var document = validator.Load(file, Schema);
        return new CoverageExceptions(document.RootElement.GetProperty("exceptions").EnumerateArray()
            .Select(e => new CoverageExceptionEntry(e.GetProperty("id").GetString()!, e.GetProperty("reason").GetString()!))
            .ToList());
    }
}
