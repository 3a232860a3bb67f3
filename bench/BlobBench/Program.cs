using System.Diagnostics;
using System.Globalization;
using OciConformance.Content;
using OciConformance.Http;

// Usage: blob-bench <base-url> <repository> <size-bytes> <seed> (digest | write <file> | push | chunked <chunk-bytes> | pull)
// "digest" and "write" prepare (the blob's digest; the same bytes in a file for curl); the others time one transfer
// through the suite's client and print "<seconds> <status>" so the script can set it beside curl's.
if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: blob-bench <base-url> <repository> <size-bytes> <seed> (digest | write <file> | push | chunked <chunk-bytes> | pull)");
    return 2;
}

var baseUrl = new Uri(args[0]);
var repository = args[1];
var size = long.Parse(args[2], CultureInfo.InvariantCulture);
var seed = ulong.Parse(args[3], CultureInfo.InvariantCulture);
var mode = args[4];
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));
var token = cancel.Token;

switch (mode)
{
    case "digest":
        await using (var digesting = new DigestingStream(new GeneratedContentStream(seed, size)))
        {
            await digesting.CopyToAsync(Stream.Null, 1 << 20, token);
            Console.WriteLine(digesting.Complete().Sha256);
        }

        return 0;
    case "write":
        await using (var file = File.Create(args[5]))
        {
            await new GeneratedContentStream(seed, size).CopyToAsync(file, 1 << 20, token);
        }

        return 0;
}

var digest = args.Length > 5 ? args[^1] : throw new ArgumentException("push, chunked and pull need the blob's digest as their last argument");
using var client = new RegistryClient(baseUrl, credentials: null, TimeSpan.FromMinutes(10), new Redactor());
var log = new ExchangeLog();
var clock = Stopwatch.StartNew();
var last = mode switch
{
    "push" => await PushAsync(client, log, repository, size, seed, digest, chunk: size, token),
    "chunked" => await PushAsync(client, log, repository, size, seed, digest, chunk: long.Parse(args[5], CultureInfo.InvariantCulture), token),
    "pull" => await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(baseUrl, $"/v2/{repository}/blobs/{digest}")), log, token),
    _ => throw new ArgumentException($"unknown mode {mode}"),
};
clock.Stop();
var verified = mode != "pull" || last.Body.Digests.Sha256.ToString() == digest;
Console.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalSeconds:0.000} {last.Status}{(verified ? "" : " digest-mismatch")} {GC.GetTotalAllocatedBytes(precise: true) / 1048576.0:0.0} MiB allocated"));
return last.IsSuccess && verified ? 0 : 1;

// POST, then the blob in PATCHes of chunk bytes (none when the chunk is the whole blob), then the closing PUT.
static async Task<RegistryResponse> PushAsync(RegistryClient client, ExchangeLog log, string repository, long size, ulong seed, string digest, long chunk, CancellationToken token)
{
    var start = await client.SendAsync(new RegistryRequest(HttpMethod.Post, new Uri(client.BaseAddress, $"/v2/{repository}/blobs/uploads/")) { Headers = [new("Content-Length", "0")] }, log, token);
    var location = start.Headers.Get("Location") ?? throw new InvalidOperationException($"upload POST answered {start.Status} without a Location");
    long offset = 0;
    while (chunk < size && offset < size)
    {
        var from = offset;
        var length = Math.Min(chunk, size - offset);
        var patch = await client.SendAsync(new RegistryRequest(HttpMethod.Patch, new Uri(client.BaseAddress, location))
        {
            Headers = [new("Content-Type", "application/octet-stream"), new("Content-Range", $"{from}-{from + length - 1}")],
            Body = new RequestBody(() => new SliceStream(new GeneratedContentStream(seed, size), from, length), length, $"(bytes {from}-{from + length - 1})"),
        }, log, token);
        location = patch.Headers.Get("Location") ?? throw new InvalidOperationException($"PATCH answered {patch.Status} without a Location");
        offset += length;
    }

    var url = new Uri(client.BaseAddress, location);
    var close = new UriBuilder(url) { Query = (url.Query.Length > 1 ? url.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest) }.Uri;
    return await client.SendAsync(new RegistryRequest(HttpMethod.Put, close)
    {
        Headers = [new("Content-Type", "application/octet-stream")],
        Body = offset < size ? new RequestBody(() => new GeneratedContentStream(seed, size), size, "(the blob)") : new RequestBody(() => Stream.Null, 0, "(empty)"),
    }, log, token);
}
