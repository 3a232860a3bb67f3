using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>Content-addressed blob bytes, shared by all repositories (which hold links to them).</summary>
internal interface IBlobStore
{
    IUploadBuffer CreateUpload(string id);

    /// <summary>Size of a committed blob, or null when absent.</summary>
    long? Find(Digest digest);

    /// <summary>A seekable stream over a committed blob, or null when absent.</summary>
    Stream? OpenRead(Digest digest);

    /// <summary>Publishes the upload's bytes under <paramref name="digest"/> in one atomic step; the upload is consumed.</summary>
    void Commit(IUploadBuffer upload, Digest digest);

    void Delete(Digest digest);
}

/// <summary>The bytes of an upload in progress: invisible to readers until committed.</summary>
internal interface IUploadBuffer : IDisposable
{
    long Length { get; }

    /// <summary>Appends what <paramref name="source"/> yields, showing each piece to <paramref name="observe"/> on the way; returns the byte count.</summary>
    Task<long> AppendAsync(Stream source, long? limit, Action<ReadOnlySpan<byte>>? observe, CancellationToken cancellationToken);

    void Truncate(long length);

    Stream OpenRead();
}

internal static class StreamCopy
{
    public const int BufferSize = 256 * 1024;

    /// <summary>Reads up to <paramref name="limit"/> bytes (all when null) and hands each piece to <paramref name="sink"/>.</summary>
    public static async Task<long> PumpAsync(Stream source, long? limit, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long total = 0;
        while (limit is null || total < limit)
        {
            var want = limit is null ? buffer.Length : (int)Math.Min(buffer.Length, limit.Value - total);
            var read = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
            if (read == 0)
            {
                break;
            }

            await sink(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }

        return total;
    }
}
