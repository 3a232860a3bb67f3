using System.Reflection;
using System.Security.Cryptography;
using OciConformance.Engine;

namespace OciConformance.Runner;

/// <summary>
/// The schemas and fixtures built into the runner, for the single-file executable that has no copy beside it: they are
/// extracted once per content into a cache folder, and the suite reads them from there.
/// </summary>
public static class EmbeddedSuiteData
{
    /// <summary>The prefix of the resource names the runner's project file gives the embedded data.</summary>
    private const string Prefix = "suite/";

    /// <summary>Points <see cref="SuitePaths"/> at the extracted data unless a copy sits next to the binaries; returns the folder used.</summary>
    public static string Prepare()
    {
        if (!SuitePaths.BesideBinaries)
        {
            SuitePaths.UseRoot(Extract(CacheHome()));
        }

        return SuitePaths.Root;
    }

    /// <summary>
    /// Writes the embedded data under <paramref name="cacheHome"/> in a folder named by the tool version and a hash of the
    /// content, so a changed build never reads a stale copy; a folder already there is complete, since it only ever
    /// appears by renaming a finished temporary one.
    /// </summary>
    public static string Extract(string cacheHome)
    {
        var assembly = typeof(EmbeddedSuiteData).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException("the runner was built without its embedded schemas and fixtures");
        }

        var target = Path.Combine(cacheHome, $"{ConformanceRun.ToolVersion().Version}-{ContentHash(assembly, names)}");
        if (Directory.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(cacheHome);
        var temporary = Path.Combine(cacheHome, $".partial-{Guid.NewGuid():N}");
        foreach (var name in names)
        {
            var file = Path.Combine(temporary, name[Prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var resource = assembly.GetManifestResourceStream(name)!;
            using var output = File.Create(file);
            resource.CopyTo(output);
        }

        try
        {
            Directory.Move(temporary, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another run extracted the same content first; its copy is as good as this one.
            Directory.Delete(temporary, recursive: true);
        }

        return target;
    }

    /// <summary>$XDG_CACHE_HOME/oci-conformance, else ~/.cache/oci-conformance, else the temporary folder's.</summary>
    public static string CacheHome()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(root, "oci-conformance");
    }

    private static string ContentHash(Assembly assembly, IEnumerable<string> names)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in names)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            using var resource = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            resource.CopyTo(memory);
            hash.AppendData(memory.GetBuffer(), 0, (int)memory.Length);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
