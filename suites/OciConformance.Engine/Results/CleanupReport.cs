using System.Globalization;

namespace OciConformance.Results;

/// <summary>What a piece of registry content is, as far as deleting it goes.</summary>
public enum ContentKind
{
    Tag,
    Manifest,
    Blob,
}

/// <summary>What became of one thing a run created, once the run tried to delete it.</summary>
public enum CleanupState
{
    Deleted,

    /// <summary>The registry no longer had it (404): the case deleted it itself, or it went with its manifest.</summary>
    AlreadyGone,

    /// <summary>Still in the registry: cleanup was off, or the registry refused the delete (<see cref="CleanupItem.Reason"/>).</summary>
    Left,
}

/// <summary>One tag, manifest or blob a run created, and what became of it.</summary>
public sealed record CleanupItem
{
    public required ContentKind Kind { get; init; }
    public required string Repository { get; init; }

    /// <summary>The tag's name, or the manifest's or blob's digest.</summary>
    public required string Reference { get; init; }

    /// <summary>The scenario whose case created it.</summary>
    public string? Case { get; init; }

    public long? Size { get; init; }
    public string? MediaType { get; init; }

    /// <summary>The digest of the manifest this one refers to (a referrer's subject).</summary>
    public string? Subject { get; init; }

    public required CleanupState State { get; init; }

    /// <summary>Why it is left: the registry's answer to the delete, or that cleanup was switched off.</summary>
    public string? Reason { get; init; }

    public bool IsLeft => State == CleanupState.Left;
}

/// <summary>
/// What a run created in the registry and what it deleted again at its end (<c>run.cleanup</c>). Cleanup never
/// changes a case's outcome: a registry that refuses deletes only leaves things behind, each with the reason.
/// </summary>
public sealed record CleanupReport
{
    /// <summary>The reason of every item a run leaves when <c>run.cleanup</c> is off.</summary>
    public const string SwitchedOff = "run.cleanup is off";

    /// <summary>Whether the run tried to delete what it created.</summary>
    public required bool Enabled { get; init; }

    public required IReadOnlyList<CleanupItem> Items { get; init; }

    public CleanupTally Created => CleanupTally.Of(Items);

    public CleanupTally Removed => CleanupTally.Of(Items.Where(i => !i.IsLeft));

    public CleanupTally Left => CleanupTally.Of(Items.Where(i => i.IsLeft));

    /// <summary>Each distinct reason something was left, with how many items it left, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Refusals => [.. Items
        .Where(i => i.IsLeft)
        .GroupBy(i => i.Reason ?? "no reason given", StringComparer.Ordinal)
        .OrderByDescending(g => g.Count())
        .ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => KeyValuePair.Create(g.Key, g.Count()))];

    /// <summary>One line: what was deleted and what is left, and why.</summary>
    public string Describe()
    {
        if (Items.Count == 0)
        {
            return "the run created nothing in the registry";
        }

        var left = Left;
        var reasons = string.Join("; ", Refusals.Select(r => $"{r.Key} ({r.Value})"));
        return !Enabled
            ? $"off ({SwitchedOff}); left {left}"
            : left.IsEmpty
                ? $"deleted {Removed}; nothing left"
                : $"deleted {Removed}; left {left}: {reasons}";
    }
}

/// <summary>How much content a set of items is: repositories touched, tags, manifests, blobs and their bytes.</summary>
public sealed record CleanupTally(int Repositories, int Tags, int Manifests, int Blobs, long Bytes)
{
    public bool IsEmpty => Tags + Manifests + Blobs == 0;

    public static CleanupTally Of(IEnumerable<CleanupItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        return new CleanupTally(
            list.Select(i => i.Repository).Distinct(StringComparer.Ordinal).Count(),
            list.Count(i => i.Kind == ContentKind.Tag),
            list.Count(i => i.Kind == ContentKind.Manifest),
            list.Count(i => i.Kind == ContentKind.Blob),
            list.Where(i => i.Kind != ContentKind.Tag).Sum(i => i.Size ?? 0));
    }

    public override string ToString() => IsEmpty ? "nothing" : $"{Contents()} in {Plural(Repositories, "repository", "repositories")}";

    /// <summary>The tags, manifests and blobs without the repositories: <c>1 tag, 1 manifest, 2 blobs (1.0 KiB)</c>.</summary>
    public string Contents() => $"{Plural(Tags, "tag", "tags")}, {Plural(Manifests, "manifest", "manifests")}, {Plural(Blobs, "blob", "blobs")} ({Size(Bytes)})";

    public static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    /// <summary>Bytes in binary units, one decimal: 1.0 KiB, 98.2 MiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return $"{bytes} B";
        }

        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return $"{value.ToString("0.0", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
