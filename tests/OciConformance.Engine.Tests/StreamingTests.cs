using OciConformance.Content;
using OciConformance.Http;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The client streams large bodies both ways: these fail as soon as someone buffers a blob again, whatever the
/// machine's speed (nothing here is timed).
/// </summary>
public sealed class StreamingTests
{
    private const long BlobSize = 200L * 1024 * 1024;

    /// <summary>Far below the blob, far above what loopback socket buffers and the client's copy buffers hold.</summary>
    private const long MostAhead = 32L * 1024 * 1024;

    private static RegistryClient Client(Uri baseAddress) => new(baseAddress, null, TimeSpan.FromSeconds(60), new Redactor());

    [Test]
    public async Task A_pushed_blob_is_read_only_as_fast_as_the_registry_takes_it()
    {
        long received = 0;
        await using var server = new StubServer(async context =>
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await context.Request.InputStream.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref received, read);
            }

            await StubServer.Respond(context, 201);
        });
        using var client = Client(server.BaseAddress);
        var source = new LeadMeasuringStream(new GeneratedContentStream(5, BlobSize), () => Interlocked.Read(ref received));

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Put, new Uri(server.BaseAddress, "/v2/a/blobs/uploads/1?digest=sha256:0"))
        {
            Body = new RequestBody(() => source, BlobSize, "(the blob)"),
        }, new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(201));
            Assert.That(Interlocked.Read(ref received), Is.EqualTo(BlobSize), "the registry got every byte");
            Assert.That(source.MostAhead, Is.LessThan(MostAhead), "the client never read far ahead of what it had sent");
        });
    }

    [Test]
    public async Task A_pulled_blob_is_hashed_as_it_arrives_and_only_its_start_is_kept()
    {
        string expected;
        await using (var digesting = new DigestingStream(new GeneratedContentStream(6, BlobSize)))
        {
            await digesting.CopyToAsync(Stream.Null);
            expected = digesting.Complete().Sha256.ToString();
        }

        await using var server = new StubServer(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = BlobSize;
            await new GeneratedContentStream(6, BlobSize).CopyToAsync(context.Response.OutputStream);
            context.Response.Close();
        });
        using var client = Client(server.BaseAddress);

        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/a/blobs/" + expected)), new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(response.Body.Digests.Sha256.ToString(), Is.EqualTo(expected));
            Assert.That(response.Body.Length, Is.EqualTo(BlobSize));
            Assert.That(response.Body.Truncated, Is.True);
            Assert.That(response.Body.Buffered.Length, Is.LessThanOrEqualTo(64 * 1024), "a body too large to keep keeps only its start");
            Assert.That(response.Body.Digests.Sha512, Is.Null, "sha512 of a large body nobody asked for is not computed");
        });
    }

    [Test]
    public async Task A_large_body_is_hashed_with_sha512_when_its_url_names_a_sha512_digest_and_a_small_one_always()
    {
        const int large = RegistryClient.MaxBufferedBody + 1;
        await using var server = new StubServer(async context =>
        {
            var size = context.Request.Url!.AbsolutePath.EndsWith("/small", StringComparison.Ordinal) ? 1000 : large;
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = size;
            await new GeneratedContentStream(8, size).CopyToAsync(context.Response.OutputStream);
            context.Response.Close();
        });
        using var client = Client(server.BaseAddress);
        using var sha512 = new DigestingStream(new GeneratedContentStream(8, large));
        await sha512.CopyToAsync(Stream.Null);
        var wanted = sha512.Complete().Sha512;

        var named = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, $"/v2/a/blobs/{wanted}")), new ExchangeLog(), CancellationToken.None);
        var small = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(server.BaseAddress, "/v2/a/blobs/small")), new ExchangeLog(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(named.Body.Digests.For(Digest.Sha512), Is.EqualTo(wanted));
            Assert.That(small.Body.Digests.Sha512, Is.Not.Null);
            Assert.That(small.Body.Buffered.Length, Is.EqualTo(1000), "a small body is kept whole");
        });
    }

    /// <summary>A body source that notes how far its reader ever got ahead of what the server had received.</summary>
    private sealed class LeadMeasuringStream(Stream inner, Func<long> received) : Stream
    {
        private long _read;

        public long MostAhead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Note(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Note(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Note(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Note(int read)
        {
            _read += read;
            MostAhead = Math.Max(MostAhead, _read - received());
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
