using System.Runtime.CompilerServices;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

internal sealed class ChunkOutOfOrderAccepted() : RegistryFault(
    "chunk-out-of-order-accepted",
    "A PATCH whose Content-Range does not start at the current offset is appended anyway (202).",
    "Out-of-order chunks MUST be refused with 416.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IUploadSessions>((uploads, _) => new Uploads(uploads));

    private sealed class Uploads(IUploadSessions inner) : UploadSessionsDecorator(inner)
    {
        /// <summary>Takes the chunk as if it started where the upload stands.</summary>
        public override Task<RegistryError?> AppendAsync(UploadSession session, Stream content, ChunkRange? range, long? contentLength, CancellationToken cancellationToken)
        {
            var offset = session.Buffer.Length;
            var moved = range is null ? null : range with { Start = offset, End = offset + range.Length - 1 };
            return base.AppendAsync(session, content, moved, contentLength, cancellationToken);
        }
    }
}

internal sealed class ChunkShortFinalRefused() : RegistryFault(
    "chunk-short-final-refused",
    "A chunk shorter than the first chunk of its session is refused with 416, so a short final chunk never lands.",
    "MAY: the final chunk may be of any length.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IUploadSessions>((uploads, _) => new Uploads(uploads));

    private sealed class Uploads(IUploadSessions inner) : UploadSessionsDecorator(inner)
    {
        private readonly ConditionalWeakTable<UploadSession, StrongBox<long>> _firstChunk = [];

        public override Task<RegistryError?> AppendAsync(UploadSession session, Stream content, ChunkRange? range, long? contentLength, CancellationToken cancellationToken)
        {
            // Out-of-order chunks are left to the plain check, which comes first.
            if (range is not null && range.Start == session.Buffer.Length)
            {
                var first = _firstChunk.GetValue(session, _ => new StrongBox<long>(range.Length)).Value;
                if (range.Length < first)
                {
                    return Task.FromResult<RegistryError?>(new RegistryError(416, ErrorCode.BlobUploadInvalid, $"every chunk must hold {first} bytes", new { contentRange = range.Header }));
                }
            }

            return base.AppendAsync(session, content, range, contentLength, cancellationToken);
        }
    }
}

internal sealed class ChunkFinalPutBodyRefused() : RegistryFault(
    "chunk-final-put-body-refused",
    "A closing PUT that carries bytes after PATCHed chunks is refused with 400 BLOB_UPLOAD_INVALID.",
    "MAY: the last chunk may travel in the closing PUT.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => UploadRequests.IsClosingPut(x)
                && x.Request.ContentLength > 0
                && x.Services.Uploads.Find(x.Name, x.Reference) is { Buffer.Length: > 0 },
            x => x.ErrorAsync(new RegistryError(400, ErrorCode.BlobUploadInvalid, "the closing PUT of a chunked upload must have no body")));
}
