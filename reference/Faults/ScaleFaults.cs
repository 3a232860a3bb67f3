using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

internal sealed class ChunkCorruptAtOffset() : RegistryFault(
    "chunk-corrupt-at-offset",
    "The chunk of a chunked upload that holds byte --corrupt-offset (2 GiB by default) is stored with that byte flipped, and the upload still commits under the digest the client named.",
    "Blobs are content addressed: what a digest serves MUST hash to it.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IUploadSessions>((uploads, services) => new Uploads(uploads, services.Options.CorruptOffset));

    private sealed class Uploads(IUploadSessions inner, long offset) : UploadSessionsDecorator(inner)
    {
        private readonly ConditionalWeakTable<UploadSession, object> _corrupted = [];

        public override Task<RegistryError?> AppendAsync(UploadSession session, Stream content, ChunkRange? range, long? contentLength, CancellationToken cancellationToken)
        {
            if (range is null || offset < range.Start || offset > range.End || range.Start != session.Buffer.Length)
            {
                return base.AppendAsync(session, content, range, contentLength, cancellationToken);
            }

            _corrupted.AddOrUpdate(session, this);
            return base.AppendAsync(session, new FlipByteStream(content, offset - range.Start), range, contentLength, cancellationToken);
        }

        /// <summary>The corrupted session is taken for what the client said it sent, as a store that trusts its own write path.</summary>
        public override Task<RegistryError?> VerifyAsync(UploadSession session, Digest digest, CancellationToken cancellationToken) =>
            _corrupted.TryGetValue(session, out _) ? Task.FromResult<RegistryError?>(null) : base.VerifyAsync(session, digest, cancellationToken);
    }

    /// <summary>Passes a stream through with the byte at one position inverted.</summary>
    private sealed class FlipByteStream(Stream inner, long at) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Flip(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Flip(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Flip(Span<byte> read)
        {
            if (at >= _position && at < _position + read.Length)
            {
                read[(int)(at - _position)] ^= 0xFF;
            }

            _position += read.Length;
            return read.Length;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

internal sealed class TagsDuplicatedAcrossPages() : RegistryFault(
    "tags-duplicated-across-pages",
    "In a repository of more than 100 tags, a tags page asked for with last starts with that tag again and drops its own last tag, which the Link then skips.",
    "With last, the list MUST hold only tags after it, and the pages together every tag once.")
{
    private const int Threshold = 100;

    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(
            x => TagsLists.IsListed(x) && x.Query.ContainsKey("last") && (x.Services.Metadata.Tags(x.Name)?.Count ?? 0) > Threshold,
            (x, body) =>
            {
                var tags = TagsLists.Tags(body).Select(t => t!.GetValue<string>()).ToList();
                if (tags.Count > 0)
                {
                    tags.Insert(0, x.Query["last"].ToString());
                    tags.RemoveAt(tags.Count - 1);
                }

                body["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]);
                return body;
            });
}

internal sealed class ConcurrentWriteLost() : RegistryFault(
    "concurrent-write-lost",
    "A blob upload that completes while two or more other upload sessions of its repository are open answers 201 but is never stored.",
    "A completed upload answers 201 with the location of a blob that can be pulled; a GET of it MUST answer 200.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IUploadSessions>((uploads, _) => new Uploads(uploads));

    private sealed class Uploads(IUploadSessions inner) : UploadSessionsDecorator(inner)
    {
        private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

        public override UploadSession Open(string repository, string algorithm)
        {
            var session = base.Open(repository, algorithm);
            _open.AddOrUpdate(repository, 1, (_, n) => n + 1);
            return session;
        }

        public override void Close(UploadSession session)
        {
            if (Find(session.Repository, session.Id) is not null)
            {
                _open.AddOrUpdate(session.Repository, 0, (_, n) => Math.Max(0, n - 1));
            }

            base.Close(session);
        }

        /// <summary>The commit of a session already closed counts only the others still open.</summary>
        public override void Commit(UploadSession session, Digest digest)
        {
            if (_open.TryGetValue(session.Repository, out var others) && others >= 2)
            {
                return;
            }

            base.Commit(session, digest);
        }
    }
}
