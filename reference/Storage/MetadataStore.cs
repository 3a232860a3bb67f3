using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>
/// Repositories: blob links, manifests and tags. One lock guards it all; blob bytes never pass through here,
/// so the lock is held only for small in-memory updates and their journal writes.
/// </summary>
internal sealed class MetadataStore : IMetadataStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Repository> _repositories = new(StringComparer.Ordinal);
    private readonly IMetadataJournal _journal;
    private readonly IRegistryPolicy _policy;

    public MetadataStore(IMetadataJournal journal, Func<JournalManifest, ManifestInfo?> reparse, IRegistryPolicy policy)
    {
        _journal = journal;
        _policy = policy;
        foreach (var loaded in journal.Load())
        {
            var repository = GetOrAdd(loaded.Name);
            repository.Blobs.UnionWith(loaded.Blobs.Select(b => b.ToString()));
            foreach (var manifest in loaded.Manifests)
            {
                if (reparse(manifest) is { } info)
                {
                    repository.Manifests[manifest.Digest.ToString()] = new StoredManifest(manifest.Digest, manifest.Bytes, info);
                }
            }

            foreach (var (tag, digest) in loaded.Tags)
            {
                if (repository.Manifests.ContainsKey(digest.ToString()))
                {
                    repository.Tags[tag] = digest;
                }
            }
        }
    }

    public bool RepositoryExists(string name)
    {
        lock (_gate)
        {
            return _repositories.TryGetValue(name, out var repository) && !repository.IsEmpty;
        }
    }

    public bool HasBlob(string name, Digest digest)
    {
        lock (_gate)
        {
            return _repositories.TryGetValue(name, out var repository) && repository.Blobs.Contains(digest.ToString());
        }
    }

    public StoredManifest? GetManifest(string name, Digest digest)
    {
        lock (_gate)
        {
            return _repositories.TryGetValue(name, out var repository)
                && repository.Manifests.TryGetValue(digest.ToString(), out var manifest) ? manifest : null;
        }
    }

    public StoredManifest? ResolveTag(string name, string tag)
    {
        lock (_gate)
        {
            return _repositories.TryGetValue(name, out var repository)
                && repository.Tags.TryGetValue(tag, out var digest)
                && repository.Manifests.TryGetValue(digest.ToString(), out var manifest) ? manifest : null;
        }
    }

    public IReadOnlyList<string>? Tags(string name)
    {
        lock (_gate)
        {
            return _repositories.TryGetValue(name, out var repository) && !repository.IsEmpty ? [.. repository.Tags.Keys] : null;
        }
    }

    public IReadOnlyList<string> RepositoryNames()
    {
        lock (_gate)
        {
            return [.. _repositories.Where(r => !r.Value.IsEmpty).Select(r => r.Key).Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<StoredManifest> Referrers(string name, Digest subject)
    {
        lock (_gate)
        {
            return _repositories.TryGetValue(name, out var repository)
                ? [.. repository.Manifests.Values.Where(m => m.Info.Subject == subject)]
                : [];
        }
    }

    public void LinkBlob(string name, Digest digest)
    {
        lock (_gate)
        {
            if (GetOrAdd(name).Blobs.Add(digest.ToString()))
            {
                _journal.LinkBlob(name, digest);
            }
        }
    }

    public bool UnlinkBlob(string name, Digest digest, out bool stillLinked)
    {
        lock (_gate)
        {
            stillLinked = false;
            if (!_repositories.TryGetValue(name, out var repository) || !repository.Blobs.Remove(digest.ToString()))
            {
                return false;
            }

            _journal.UnlinkBlob(name, digest);
            stillLinked = _repositories.Values.Any(r => r.Blobs.Contains(digest.ToString()));
            return true;
        }
    }

    /// <summary>The references are checked under the same lock as the store, so a concurrent delete cannot slip between.</summary>
    public ManifestPutResult PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags)
    {
        lock (_gate)
        {
            var repository = GetOrAdd(name);
            if (_policy.RequiresReferences(manifest.Info))
            {
                var missing = MissingReferences(repository, manifest.Info);
                if (missing.Count > 0)
                {
                    return ManifestPutResult.Refused(new RegistryError(400, ErrorCode.ManifestBlobUnknown, "manifest references content unknown to this repository", new { missing }));
                }
            }

            if (_policy.RequiresSubject(manifest.Info) && manifest.Info.Subject is { } subject && !repository.Manifests.ContainsKey(subject.ToString()))
            {
                return ManifestPutResult.Refused(new RegistryError(400, ErrorCode.ManifestBlobUnknown, "subject manifest not found in this repository", new { subject = subject.ToString() }));
            }

            var key = manifest.Digest.ToString();
            if (!repository.Manifests.ContainsKey(key))
            {
                _journal.WriteManifest(name, manifest.Digest, manifest.MediaType, manifest.Bytes);
                repository.Manifests[key] = manifest;
            }

            foreach (var tag in tags)
            {
                _journal.WriteTag(name, tag, manifest.Digest);
                repository.Tags[tag] = manifest.Digest;
            }

            return new ManifestPutResult(null, tags);
        }
    }

    public bool DeleteManifest(string name, Digest digest)
    {
        lock (_gate)
        {
            if (!_repositories.TryGetValue(name, out var repository) || !repository.Manifests.Remove(digest.ToString()))
            {
                return false;
            }

            _journal.DeleteManifest(name, digest);
            foreach (var tag in repository.Tags.Where(t => t.Value == digest).Select(t => t.Key).ToList())
            {
                repository.Tags.Remove(tag);
                _journal.DeleteTag(name, tag);
            }

            return true;
        }
    }

    public bool DeleteTag(string name, string tag)
    {
        lock (_gate)
        {
            if (!_repositories.TryGetValue(name, out var repository) || !repository.Tags.Remove(tag))
            {
                return false;
            }

            _journal.DeleteTag(name, tag);
            return true;
        }
    }

    private static List<string> MissingReferences(Repository repository, ManifestInfo info) =>
    [
        .. info.Blobs.Where(b => !b.External && !repository.Blobs.Contains(b.Digest.ToString())).Select(b => b.Digest.ToString()),
        .. info.Children.Where(c => !repository.Manifests.ContainsKey(c.Digest.ToString())).Select(c => c.Digest.ToString()),
    ];

    private Repository GetOrAdd(string name)
    {
        if (!_repositories.TryGetValue(name, out var repository))
        {
            repository = new Repository();
            _repositories[name] = repository;
        }

        return repository;
    }

    private sealed class Repository
    {
        public HashSet<string> Blobs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, StoredManifest> Manifests { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, Digest> Tags { get; } = new(StringComparer.Ordinal);

        public bool IsEmpty => Blobs.Count == 0 && Manifests.Count == 0 && Tags.Count == 0;
    }
}
