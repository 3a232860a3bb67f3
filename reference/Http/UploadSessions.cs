using System.Collections.Concurrent;
using System.Security.Cryptography;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>One blob upload in progress.</summary>
internal sealed class UploadSession(string id, string repository, IUploadBuffer buffer, string algorithm) : IDisposable
{
    public string Id { get; } = id;

    public string Repository { get; } = repository;

    public IUploadBuffer Buffer { get; } = buffer;

    /// <summary>The algorithm hashed while bytes stream in; a different one at PUT means a second read.</summary>
    public string Algorithm { get; } = algorithm;

    /// <summary>Null once a failed chunk was rolled back: the running hash no longer matches the bytes.</summary>
    public IncrementalHash? Hash { get; set; } = Protocol.Digest.CreateHash(algorithm);

    /// <summary>Serialises requests on one session so chunks never interleave.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public DateTime LastUsed { get; set; } = DateTime.UtcNow;

    /// <summary>Length of the first chunk sent with a Content-Range (only the chunk-short-final-refused fault looks at it).</summary>
    public long? ChunkLength { get; set; }

    /// <summary>Releases the bytes; the gate stays usable so requests still queued on it can finish.</summary>
    public void Dispose()
    {
        Hash?.Dispose();
        Buffer.Dispose();
    }
}

internal sealed class UploadSessions(IBlobStore blobs)
{
    /// <summary>The spec asks registries to eventually drop abandoned uploads.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);

    public UploadSession Start(string repository, string algorithm)
    {
        Sweep();
        var id = Guid.NewGuid().ToString();
        var session = new UploadSession(id, repository, blobs.CreateUpload(id), algorithm);
        _sessions[id] = session;
        return session;
    }

    /// <summary>Any session still open in the repository (only the upload-session-reused fault hands one out again).</summary>
    public UploadSession? Open(string repository) => _sessions.Values.FirstOrDefault(s => s.Repository == repository);

    public UploadSession? Find(string repository, string id) =>
        _sessions.TryGetValue(id, out var session) && session.Repository == repository ? session : null;

    /// <summary>Forgets the session; the caller disposes it once it no longer uses it.</summary>
    public bool Remove(UploadSession session) => _sessions.TryRemove(session.Id, out _);

    private void Sweep()
    {
        var cutoff = DateTime.UtcNow - IdleLimit;
        foreach (var stale in _sessions.Values.Where(s => s.LastUsed < cutoff && s.Gate.CurrentCount == 1).ToList())
        {
            if (_sessions.TryRemove(stale.Id, out _))
            {
                stale.Dispose();
            }
        }
    }
}
