using System.Security.Cryptography;
using System.Text;
using OciConformance.Configuration;
using OciConformance.Engine;
using OciConformance.Fixtures;
using OciConformance.Formats;
using OciConformance.Requirements;

namespace OciConformance.Runner;

/// <summary>
/// Spares every start but the first the checks the suite's own data already passed. The schemas are checked against
/// the JSON Schema meta-schema and every fixture against its schema on load, which costs more than the rest of a start
/// together. A data folder whose exact content (every file's path and bytes, and the build of the code that checks them)
/// passed those checks once gets a stamp file under the cache folder; with the stamp there, <see cref="CheckedContent"/>
/// lets the loads skip them. Any changed byte or rebuilt checker gives another fingerprint, hence a full check.
/// </summary>
public static class ValidationStamp
{
    public enum Outcome
    {
        /// <summary>This content was checked before: the checks are skipped.</summary>
        Trusted,

        /// <summary>First start with this content: everything was checked and the stamp written.</summary>
        Stamped,

        /// <summary>The data did not pass; nothing is trusted, and the command reports the problem when it loads the data.</summary>
        Unchecked,
    }

    public static Outcome Apply(string dataRoot, string cacheHome)
    {
        var schemas = Path.Combine(dataRoot, "schemas");
        var fixtures = Path.Combine(dataRoot, "fixtures");
        string stamp;
        try
        {
            stamp = Path.Combine(cacheHome, "checked", Fingerprint(dataRoot, [schemas, fixtures]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Outcome.Unchecked;
        }

        if (File.Exists(stamp))
        {
            CheckedContent.Add(schemas);
            CheckedContent.Add(fixtures);
            return Outcome.Trusted;
        }

        try
        {
            // Everything a command may read from the folder, loaded with every check on.
            var data = SuiteData.Load(dataRoot);
            ConfigurationSchema.Load(schemas);
            var exceptions = Path.Combine(fixtures, "requirements", CoverageExceptions.FileName);
            if (File.Exists(exceptions))
            {
                CoverageExceptions.Load(exceptions, new FixtureValidator(data.Schemas));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome.Unchecked;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
            File.WriteAllText(stamp, $"{dataRoot}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs the next start its checks.
        }

        // Checked just now: the command's own loads need not check again.
        CheckedContent.Add(schemas);
        CheckedContent.Add(fixtures);
        return Outcome.Stamped;
    }

    /// <summary>SHA-256 over the builds of the checking code and every file below the folders, by relative path.</summary>
    public static string Fingerprint(string dataRoot, IEnumerable<string> folders)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var assembly in new[] { typeof(SchemaSet).Assembly, typeof(SuiteData).Assembly, typeof(ValidationStamp).Assembly })
        {
            hash.AppendData(assembly.ManifestModule.ModuleVersionId.ToByteArray());
        }

        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(dataRoot, file).Replace('\\', '/');
                var bytes = File.ReadAllBytes(file);
                hash.AppendData(Encoding.UTF8.GetBytes($"{relative}\n{bytes.Length}\n"));
                hash.AppendData(SHA256.HashData(bytes));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
