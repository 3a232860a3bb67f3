using System.Collections.Immutable;

namespace OciConformance.Formats;

/// <summary>
/// Folders whose exact content already passed the suite's load-time checks (the runner keeps a stamp per content
/// fingerprint): their schemas skip the meta-schema check and their fixtures the schema validation, which are most of
/// a start's cost. Nothing registers a folder unless its stamp matches, so tests and changed data are always checked.
/// </summary>
public static class CheckedContent
{
    private static ImmutableArray<string> _folders = [];

    public static void Add(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        ImmutableInterlocked.Update(ref _folders, folders => folders.Contains(prefix) ? folders : folders.Add(prefix));
    }

    public static bool Covers(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        return _folders.Any(folder => full.StartsWith(folder, StringComparison.Ordinal));
    }
}
