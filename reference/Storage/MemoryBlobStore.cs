using System.Collections.Concurrent;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

internal sealed class MemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, SegmentedBuffer> _blobs = new(StringComparer.Ordinal);

    public IUploadBuffer CreateUpload(string id) => new MemoryUpload();

    public long? Find(Digest digest) => _blobs.TryGetValue(digest.ToString(), out var blob) ? blob.Length : null;

    public Stream? OpenRead(Digest digest) => _blobs.TryGetValue(digest.ToString(), out var blob) ? blob.OpenRead() : null;

    public void Commit(IUploadBuffer upload, Digest digest)
    {
        var memory = (MemoryUpload)upload;
        _blobs[digest.ToString()] = memory.Buffer;
    }

    public void Delete(Digest digest) => _blobs.TryRemove(digest.ToString(), out _);

    private sealed class MemoryUpload : IUploadBuffer
    {
        public SegmentedBuffer Buffer { get; } = new();

        public long Length => Buffer.Length;

        public Task<long> AppendAsync(Stream source, long? limit, Action<ReadOnlySpan<byte>>? observe, CancellationToken cancellationToken) =>
            StreamCopy.PumpAsync(source, limit, (chunk, _) =>
            {
                observe?.Invoke(chunk.Span);
                Buffer.Append(chunk.Span);
                return ValueTask.CompletedTask;
            }, cancellationToken);

        public void Truncate(long length) => Buffer.Truncate(length);

        public Stream OpenRead() => Buffer.OpenRead();

        public void Dispose()
        {
        }
    }
}
