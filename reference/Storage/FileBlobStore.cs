using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Storage;

/// <summary>
/// Blobs as files under <c>blobs/&lt;alg&gt;/&lt;encoded&gt;</c>; uploads grow in <c>uploads/</c> and are renamed into
/// place on commit, so a reader never sees a partial blob.
/// </summary>
internal sealed class FileBlobStore : IBlobStore
{
    private readonly string _blobs;
    private readonly string _uploads;

    public FileBlobStore(string root)
    {
        _blobs = Path.Combine(root, "blobs");
        _uploads = Path.Combine(root, "uploads");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_uploads);

        // Sessions do not survive a restart, so their partial files are garbage.
        foreach (var stale in Directory.EnumerateFiles(_uploads))
        {
            File.Delete(stale);
        }
    }

    public IUploadBuffer CreateUpload(string id) => new FileUpload(Path.Combine(_uploads, id));

    public long? Find(Digest digest)
    {
        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : null;
    }

    public Stream? OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, StreamCopy.BufferSize, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Commit(IUploadBuffer upload, Digest digest)
    {
        var file = (FileUpload)upload;
        var target = PathOf(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(file.FilePath, target, overwrite: true);
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    private string PathOf(Digest digest) => Path.Combine(_blobs, digest.Algorithm, digest.Encoded);

    private sealed class FileUpload : IUploadBuffer
    {
        public FileUpload(string path)
        {
            FilePath = path;
            File.WriteAllBytes(path, []);
        }

        public string FilePath { get; }

        public long Length => File.Exists(FilePath) ? new FileInfo(FilePath).Length : 0;

        public async Task<long> AppendAsync(Stream source, long? limit, Action<ReadOnlySpan<byte>>? observe, CancellationToken cancellationToken)
        {
            var target = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read, StreamCopy.BufferSize, useAsync: true);
            await using (target)
            {
                return await StreamCopy.PumpAsync(source, limit, (chunk, ct) =>
                {
                    observe?.Invoke(chunk.Span);
                    return target.WriteAsync(chunk, ct);
                }, cancellationToken);
            }
        }

        public void Truncate(long length)
        {
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Write, FileShare.Read);
            if (length < stream.Length)
            {
                stream.SetLength(length);
            }
        }

        public Stream OpenRead() =>
            new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, StreamCopy.BufferSize, useAsync: true);

        public void Dispose()
        {
            if (File.Exists(FilePath))
            {
                File.Delete(FilePath);
            }
        }
    }
}
