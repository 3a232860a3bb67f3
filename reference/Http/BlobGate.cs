using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>
/// Pairs blob bytes with repository links under one lock, so a delete that drops the last link can never
/// remove bytes that a concurrent commit has just linked again.
/// </summary>
internal sealed class BlobGate(IBlobStore blobs, IMetadataStore metadata)
{
    private readonly object _gate = new();

    public void Commit(string repository, IUploadBuffer upload, Digest digest)
    {
        lock (_gate)
        {
            blobs.Commit(upload, digest);
            metadata.LinkBlob(repository, digest);
        }
    }

    /// <summary>Links an existing blob into another repository; false when its bytes are gone.</summary>
    public bool Mount(string repository, Digest digest)
    {
        lock (_gate)
        {
            if (blobs.Find(digest) is null)
            {
                return false;
            }

            metadata.LinkBlob(repository, digest);
            return true;
        }
    }

    public bool Delete(string repository, Digest digest)
    {
        lock (_gate)
        {
            if (!metadata.UnlinkBlob(repository, digest, out var stillLinked))
            {
                return false;
            }

            if (!stillLinked)
            {
                blobs.Delete(digest);
            }

            return true;
        }
    }
}
