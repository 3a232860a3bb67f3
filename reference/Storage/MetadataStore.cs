using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>
/// Repositories: blob links, manifests and tags. One lock guards it all; blob bytes never pass through here,
/// so the lock is held only for small in-memory updates and their journal writes.
/// </summary>
internal sealed class MetadataStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Repository> _repositories = new(StringComparer.Ordinal);
    private readonly IMetadataJournal _journal;

    public MetadataStore(IMetadataJournal journal, Func<JournalManifest, ManifestInfo?> reparse)
    {
        _journal = journal;
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

    /// <summary>Tags in ordinal order, or null when the repository does not exist.</summary>
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

    /// <summary>Manifests of the repository whose subject is <paramref name="subject"/>, plus (for a fault) deleted ones.</summary>
    public (IReadOnlyList<StoredManifest> Present, IReadOnlyList<StoredManifest> Deleted) Referrers(string name, Digest subject)
    {
        lock (_gate)
        {
            if (!_repositories.TryGetValue(name, out var repository))
            {
                return ([], []);
            }

            return (
                [.. repository.Manifests.Values.Where(m => m.Info.Subject == subject)],
                [.. repository.DeletedReferrers.Where(m => m.Info.Subject == subject && !repository.Manifests.ContainsKey(m.Digest.ToString()))]);
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

    /// <summary>Removes the link; returns false when the repository had none, and reports whether any repository still links the blob.</summary>
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

    /// <summary>Stores a manifest and tags it, after checking (atomically with the store) that its references exist.</summary>
    public RegistryError? PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags, bool verifyReferences, bool verifySubject)
    {
        lock (_gate)
        {
            var repository = GetOrAdd(name);
            if (verifyReferences)
            {
                var missing = MissingReferences(repository, manifest.Info);
                if (missing.Count > 0)
                {
                    return new RegistryError(400, ErrorCode.ManifestBlobUnknown, "manifest references content unknown to this repository", new { missing });
                }
            }

            if (verifySubject && manifest.Info.Subject is { } subject && !repository.Manifests.ContainsKey(subject.ToString()))
            {
                return new RegistryError(400, ErrorCode.ManifestBlobUnknown, "subject manifest not found in this repository", new { subject = subject.ToString() });
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

            return null;
        }
    }

    public bool DeleteManifest(string name, Digest digest, bool keepListedAsReferrer)
    {
        lock (_gate)
        {
            if (!_repositories.TryGetValue(name, out var repository) || !repository.Manifests.Remove(digest.ToString(), out var removed))
            {
                return false;
            }

            _journal.DeleteManifest(name, digest);
            foreach (var tag in repository.Tags.Where(t => t.Value == digest).Select(t => t.Key).ToList())
            {
                repository.Tags.Remove(tag);
                _journal.DeleteTag(name, tag);
            }

            if (keepListedAsReferrer && removed.Info.Subject is not null)
            {
                repository.DeletedReferrers.Add(removed);
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

        public List<StoredManifest> DeletedReferrers { get; } = [];

        public bool IsEmpty => Blobs.Count == 0 && Manifests.Count == 0 && Tags.Count == 0;
    }
}
