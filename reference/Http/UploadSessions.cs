using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OciConformance.Reference.Protocol;
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
    public IncrementalHash? Hash { get; set; } = Digest.CreateHash(algorithm);

    /// <summary>Serialises requests on one session so chunks never interleave.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public DateTime LastUsed { get; set; } = DateTime.UtcNow;

    /// <summary>Releases the bytes; the gate stays usable so requests still queued on it can finish.</summary>
    public void Dispose()
    {
        Hash?.Dispose();
        Buffer.Dispose();
    }
}

/// <summary>The byte range a chunk claims in its Content-Range header (<c>start-end</c>, inclusive), with the header as sent.</summary>
internal sealed partial record ChunkRange(long Start, long End, string Header)
{
    public long Length => End - Start + 1;

    public static bool TryParse(string header, out ChunkRange range)
    {
        range = new ChunkRange(0, -1, header);
        var match = Pattern().Match(header);
        if (!match.Success
            || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || end < start)
        {
            return false;
        }

        range = new ChunkRange(start, end, header);
        return true;
    }

    [GeneratedRegex("^([0-9]+)-([0-9]+)$")]
    private static partial Regex Pattern();
}

/// <summary>Blob uploads: sessions clients address by id, their chunks, and the verified commit of what they received.</summary>
internal interface IUploadSessions
{
    /// <summary>Starts a session that later requests continue through its Location.</summary>
    UploadSession Open(string repository, string algorithm);

    /// <summary>Starts a session only the calling request uses (a blob pushed in one POST): no other request can find it.</summary>
    UploadSession OpenPrivate(string repository, string algorithm);

    UploadSession? Find(string repository, string id);

    /// <summary>Forgets the session; the caller disposes it once it no longer uses it.</summary>
    void Close(UploadSession session);

    /// <summary>
    /// Appends <paramref name="content"/>; with a <paramref name="range"/> the chunk must start where the upload stands and
    /// hold exactly the bytes it claims. On failure the bytes of this chunk are rolled back and the error returned.
    /// </summary>
    Task<RegistryError?> AppendAsync(UploadSession session, Stream content, ChunkRange? range, long? contentLength, CancellationToken cancellationToken);

    /// <summary>Null when the received bytes hash to <paramref name="digest"/>; blobs are content addressed.</summary>
    Task<RegistryError?> VerifyAsync(UploadSession session, Digest digest, CancellationToken cancellationToken);

    /// <summary>Publishes the session's bytes as the blob <paramref name="digest"/> in its repository.</summary>
    void Commit(UploadSession session, Digest digest);
}

internal sealed class UploadSessions(IBlobStore blobs, BlobGate gate) : IUploadSessions
{
    /// <summary>The spec asks registries to eventually drop abandoned uploads.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);

    public UploadSession Open(string repository, string algorithm)
    {
        Sweep();
        var session = OpenPrivate(repository, algorithm);
        _sessions[session.Id] = session;
        return session;
    }

    public UploadSession OpenPrivate(string repository, string algorithm)
    {
        var id = Guid.NewGuid().ToString();
        return new UploadSession(id, repository, blobs.CreateUpload(id), algorithm);
    }

    public UploadSession? Find(string repository, string id) =>
        _sessions.TryGetValue(id, out var session) && session.Repository == repository ? session : null;

    public void Close(UploadSession session) => _sessions.TryRemove(session.Id, out _);

    public async Task<RegistryError?> AppendAsync(UploadSession session, Stream content, ChunkRange? range, long? contentLength, CancellationToken cancellationToken)
    {
        var offset = session.Buffer.Length;
        if (range is not null)
        {
            if (range.Start != offset)
            {
                return new RegistryError(416, ErrorCode.BlobUploadInvalid, $"chunk must start at offset {offset}", new { contentRange = range.Header });
            }

            if (contentLength is { } declared && declared != range.Length)
            {
                return new RegistryError(400, ErrorCode.SizeInvalid, "Content-Length does not match Content-Range", new { contentRange = range.Header, contentLength = declared });
            }
        }

        long received;
        try
        {
            received = await session.Buffer.AppendAsync(content, range?.Length + 1, bytes => session.Hash?.AppendData(bytes), cancellationToken);
        }
        catch
        {
            Rollback(session, offset);
            throw;
        }

        if (range is not null && received != range.Length)
        {
            Rollback(session, offset);
            return new RegistryError(400, ErrorCode.SizeInvalid, $"chunk holds {received} bytes, Content-Range says {range.Length}");
        }

        return null;
    }

    public async Task<RegistryError?> VerifyAsync(UploadSession session, Digest digest, CancellationToken cancellationToken)
    {
        Digest actual;
        if (session.Hash is { } hash && session.Algorithm == digest.Algorithm)
        {
            actual = Digest.FromHash(digest.Algorithm, hash.GetHashAndReset());
        }
        else
        {
            await using var content = session.Buffer.OpenRead();
            actual = await Digest.ComputeAsync(digest.Algorithm, content, cancellationToken);
        }

        return actual == digest
            ? null
            : new RegistryError(400, ErrorCode.DigestInvalid, "uploaded content does not match the digest", new { expected = digest.ToString(), actual = actual.ToString() });
    }

    public void Commit(UploadSession session, Digest digest) => gate.Commit(session.Repository, session.Buffer, digest);

    private static void Rollback(UploadSession session, long offset)
    {
        session.Buffer.Truncate(offset);
        session.Hash?.Dispose();
        session.Hash = null;
    }

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
