using System.Text;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>Where repository metadata (links, manifests, tags) is persisted; the in-memory mode keeps none.</summary>
internal interface IMetadataJournal
{
    void LinkBlob(string repository, Digest digest);

    void UnlinkBlob(string repository, Digest digest);

    void WriteManifest(string repository, Digest digest, string mediaType, byte[] bytes);

    void DeleteManifest(string repository, Digest digest);

    void WriteTag(string repository, string tag, Digest digest);

    void DeleteTag(string repository, string tag);

    IEnumerable<JournalRepository> Load();
}

internal sealed record JournalManifest(Digest Digest, string MediaType, byte[] Bytes);

internal sealed record JournalRepository(string Name, IReadOnlyList<Digest> Blobs, IReadOnlyList<JournalManifest> Manifests, IReadOnlyDictionary<string, Digest> Tags);

internal sealed class NullJournal : IMetadataJournal
{
    public void LinkBlob(string repository, Digest digest)
    {
    }

    public void UnlinkBlob(string repository, Digest digest)
    {
    }

    public void WriteManifest(string repository, Digest digest, string mediaType, byte[] bytes)
    {
    }

    public void DeleteManifest(string repository, Digest digest)
    {
    }

    public void WriteTag(string repository, string tag, Digest digest)
    {
    }

    public void DeleteTag(string repository, string tag)
    {
    }

    public IEnumerable<JournalRepository> Load() => [];
}

/// <summary>
/// Layout: <c>repositories/&lt;name&gt;/_blobs/&lt;alg&gt;/&lt;enc&gt;</c> (empty link files),
/// <c>_manifests/&lt;alg&gt;/&lt;enc&gt;</c> (exact bytes) with a <c>.type</c> side file, <c>_tags/&lt;tag&gt;</c> (a digest).
/// Repository name components never start with '_', so these folders cannot clash with nested names.
/// Every write goes to a temporary file in <c>tmp/</c> first and is renamed into place.
/// </summary>
internal sealed class FileJournal(string root) : IMetadataJournal
{
    private const string BlobsFolder = "_blobs";
    private const string ManifestsFolder = "_manifests";
    private const string TagsFolder = "_tags";
    private const string TypeSuffix = ".type";
    private readonly string _repositories = Path.Combine(root, "repositories");
    private readonly string _temporary = Path.Combine(root, "tmp");

    public void LinkBlob(string repository, Digest digest) =>
        WriteAtomically(Path.Combine(RepoPath(repository), BlobsFolder, digest.Algorithm, digest.Encoded), []);

    public void UnlinkBlob(string repository, Digest digest) =>
        File.Delete(Path.Combine(RepoPath(repository), BlobsFolder, digest.Algorithm, digest.Encoded));

    public void WriteManifest(string repository, Digest digest, string mediaType, byte[] bytes)
    {
        var path = Path.Combine(RepoPath(repository), ManifestsFolder, digest.Algorithm, digest.Encoded);
        WriteAtomically(path + TypeSuffix, Encoding.UTF8.GetBytes(mediaType));
        WriteAtomically(path, bytes);
    }

    public void DeleteManifest(string repository, Digest digest)
    {
        var path = Path.Combine(RepoPath(repository), ManifestsFolder, digest.Algorithm, digest.Encoded);
        File.Delete(path);
        File.Delete(path + TypeSuffix);
    }

    public void WriteTag(string repository, string tag, Digest digest) =>
        WriteAtomically(Path.Combine(RepoPath(repository), TagsFolder, tag), Encoding.UTF8.GetBytes(digest.ToString()));

    public void DeleteTag(string repository, string tag) => File.Delete(Path.Combine(RepoPath(repository), TagsFolder, tag));

    public IEnumerable<JournalRepository> Load()
    {
        if (!Directory.Exists(_repositories))
        {
            yield break;
        }

        var repoFolders = Directory.EnumerateDirectories(_repositories, "*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d) is BlobsFolder or ManifestsFolder or TagsFolder)
            .Select(d => Path.GetDirectoryName(d)!)
            .Distinct(StringComparer.Ordinal);
        foreach (var folder in repoFolders)
        {
            var name = Path.GetRelativePath(_repositories, folder).Replace(Path.DirectorySeparatorChar, '/');
            yield return new JournalRepository(name, LoadBlobs(folder), LoadManifests(folder), LoadTags(folder));
        }
    }

    private static List<Digest> LoadBlobs(string folder) =>
        [.. DigestFiles(Path.Combine(folder, BlobsFolder)).Select(f => f.Digest)];

    private static List<JournalManifest> LoadManifests(string folder) =>
    [
        .. DigestFiles(Path.Combine(folder, ManifestsFolder))
            .Where(f => File.Exists(f.Path + TypeSuffix))
            .Select(f => new JournalManifest(f.Digest, File.ReadAllText(f.Path + TypeSuffix), File.ReadAllBytes(f.Path))),
    ];

    private static Dictionary<string, Digest> LoadTags(string folder)
    {
        var tags = new Dictionary<string, Digest>(StringComparer.Ordinal);
        var tagsFolder = Path.Combine(folder, TagsFolder);
        if (!Directory.Exists(tagsFolder))
        {
            return tags;
        }

        foreach (var file in Directory.EnumerateFiles(tagsFolder))
        {
            var tag = Path.GetFileName(file);
            if (Names.IsValidTag(tag) && Digest.TryParse(File.ReadAllText(file).Trim(), out var digest))
            {
                tags[tag] = digest;
            }
        }

        return tags;
    }

    private static IEnumerable<(string Path, Digest Digest)> DigestFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var algorithmFolder in Directory.EnumerateDirectories(folder))
        {
            foreach (var file in Directory.EnumerateFiles(algorithmFolder))
            {
                var text = $"{Path.GetFileName(algorithmFolder)}:{Path.GetFileName(file)}";
                if (Digest.TryParse(text, out var digest))
                {
                    yield return (file, digest);
                }
            }
        }
    }

    private void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(_temporary);

        // Outside the repository tree, so a crash never leaves a half-written file that would load as a tag.
        var temporary = Path.Combine(_temporary, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private string RepoPath(string repository) => Path.Combine(_repositories, repository.Replace('/', Path.DirectorySeparatorChar));
}
