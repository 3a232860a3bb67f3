using System.Buffers;
using OciConformance.Content;

namespace OciConformance.Http;

/// <summary>
/// Reads a response body to its end, hashing it and keeping what the checks read. Hashing runs on a pool thread
/// while the next chunk arrives, so a large pull goes at the pace of the wire, not of the wire plus the hash.
/// A body of at most <see cref="RegistryClient.MaxBufferedBody"/> bytes is kept whole, in one array sized by its
/// Content-Length when that is given; of a longer body only its first <see cref="TruncatedPrefix"/> bytes are kept,
/// enough for any excerpt a report shows.
/// </summary>
internal static class ResponseBodyReader
{
    public const int TruncatedPrefix = 64 * 1024;

    /// <summary>
    /// Reads of this size keep the socket draining steadily; on loopback larger reads measured slower, not faster.
    /// </summary>
    private const int ReadSize = 64 * 1024;

    /// <summary>The bytes handed to the hashing thread at a time: large enough that the hand-off costs nothing.</summary>
    private const int BatchSize = 512 * 1024;

    public sealed record Result(ResponseBody Body, string? Error);

    public static async Task<Result> ReadAsync(Stream stream, long? contentLength, bool sha512, TransferWatch.Meter? meter, CancellationToken cancellationToken)
    {
        using var hasher = new ContentHasher(sha512);
        var kept = new Prefix(contentLength);
        // A body known to be small needs no half-megabyte batches, which the pool would keep, two a thread, for nothing;
        // the extra byte lets the read that finds the end land in the same batch.
        var batchSize = contentLength is { } length && length < BatchSize ? (int)length + 1 : BatchSize;
        var batches = new[] { ArrayPool<byte>.Shared.Rent(batchSize), ArrayPool<byte>.Shared.Rent(batchSize) };
        var hashing = Task.CompletedTask;
        string? error = null;
        try
        {
            for (var turn = 0; ; turn ^= 1)
            {
                var batch = batches[turn];
                var filled = 0;
                var ended = false;
                while (filled < batchSize && !ended)
                {
                    int read;
                    try
                    {
                        read = await stream.ReadAsync(batch.AsMemory(filled, Math.Min(ReadSize, batchSize - filled)), cancellationToken);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        // A body shorter than its Content-Length, or a connection cut mid-body: the status and headers
                        // did arrive, so the checks judge what came; the exchange says the body broke off.
                        error = $"the body broke off after {kept.Received} bytes: {e.Message}";
                        read = 0;
                    }

                    kept.Add(batch.AsSpan(filled, read));
                    meter?.Add(read);
                    filled += read;
                    ended = read == 0;
                }

                await hashing;
                var count = filled;
                // The last batch is hashed where it arrived: there is nothing left to receive meanwhile, and a small
                // body, all in one batch, is spared the hop to the pool.
                hashing = ended ? HashInline(hasher, batch, count) : Task.Run(() => hasher.Append(batch.AsSpan(0, count)), cancellationToken);
                if (ended)
                {
                    break;
                }
            }
        }
        finally
        {
            meter?.Finish();

            // The pool gets its buffers back only once no hash is reading them.
            await hashing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(batches[0]);
            ArrayPool<byte>.Shared.Return(batches[1]);
        }

        await hashing;
        var digests = hasher.Complete();
        var bytes = kept.Bytes();
        return new Result(new ResponseBody(bytes, digests.Length > bytes.Length, digests), error);
    }

    private static Task HashInline(ContentHasher hasher, byte[] batch, int count)
    {
        hasher.Append(batch.AsSpan(0, count));
        return Task.CompletedTask;
    }

    /// <summary>The bytes kept of a body as it arrives: the whole of a body up to the limit, else its start.</summary>
    private sealed class Prefix
    {
        private readonly int _limit;
        private byte[] _bytes;
        private int _count;

        public Prefix(long? contentLength)
        {
            _limit = contentLength > RegistryClient.MaxBufferedBody ? TruncatedPrefix : RegistryClient.MaxBufferedBody;
            _bytes = new byte[contentLength is { } length && length <= _limit ? (int)length : Math.Min(16 * 1024, _limit)];
        }

        public long Received { get; private set; }

        public void Add(ReadOnlySpan<byte> data)
        {
            Received += data.Length;
            var take = Math.Min(data.Length, _limit - _count);
            if (take <= 0)
            {
                return;
            }

            if (_count + take > _bytes.Length)
            {
                Array.Resize(ref _bytes, (int)Math.Min(_limit, Math.Max(_count + take, 2L * _bytes.Length)));
            }

            data[..take].CopyTo(_bytes.AsSpan(_count));
            _count += take;
        }

        /// <summary>What is kept once the body has ended: a body that outgrew the limit keeps only its start.</summary>
        public ReadOnlyMemory<byte> Bytes()
        {
            if (Received > RegistryClient.MaxBufferedBody && _count > TruncatedPrefix)
            {
                return _bytes.AsSpan(0, TruncatedPrefix).ToArray();
            }

            return _count == _bytes.Length ? _bytes : _bytes.AsMemory(0, _count);
        }
    }
}
