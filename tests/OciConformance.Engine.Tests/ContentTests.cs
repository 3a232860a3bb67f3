using System.Security.Cryptography;
using OciConformance.Content;

namespace OciConformance.Engine.Tests;

public sealed class ContentTests
{
    [Test]
    public void Digesting_stream_yields_the_sha256_and_sha512_of_what_passed_through()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        using var stream = new DigestingStream(new MemoryStream(bytes));
        stream.CopyTo(Stream.Null, 4096);
        var digests = stream.Complete();
        Assert.Multiple(() =>
        {
            Assert.That(digests.Sha256.ToString(), Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes))));
            Assert.That(digests.Sha512.ToString(), Is.EqualTo("sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))));
            Assert.That(digests.Length, Is.EqualTo(bytes.Length));
        });
    }

    [Test]
    public void Generated_content_is_deterministic_seekable_and_seed_dependent()
    {
        static byte[] Read(ulong seed, long start, int count)
        {
            using var stream = new GeneratedContentStream(seed, 10_000) { Position = start };
            var buffer = new byte[count];
            stream.ReadExactly(buffer);
            return buffer;
        }

        var whole = Read(7, 0, 10_000);
        Assert.Multiple(() =>
        {
            Assert.That(Read(7, 0, 10_000), Is.EqualTo(whole));
            Assert.That(Read(7, 4_093, 100), Is.EqualTo(whole[4_093..4_193]), "a read from the middle matches the whole");
            Assert.That(Read(8, 0, 10_000), Is.Not.EqualTo(whole));
        });
    }

    [Test]
    public async Task Generated_content_is_hashed_with_sha512_only_when_addressed_or_asked_for_by_it()
    {
        var bySha256 = await MaterializedContent.GeneratedAsync(3, 100_000, "application/octet-stream", Digest.Sha256, CancellationToken.None);
        var bySha512 = await MaterializedContent.GeneratedAsync(3, 100_000, "application/octet-stream", Digest.Sha512, CancellationToken.None);
        string expected;
        using (var stream = new GeneratedContentStream(3, 100_000))
        {
            expected = "sha512:" + Convert.ToHexStringLower(SHA512.HashData(stream));
        }

        Assert.Multiple(() =>
        {
            Assert.That(bySha256.Digests.Sha512, Is.Null, "a blob pushed by sha256 is not hashed with sha512 up front");
            Assert.That(bySha256.Sha512.ToString(), Is.EqualTo(expected), "asked for, it is hashed then");
            Assert.That(bySha512.Digests.Sha512?.ToString(), Is.EqualTo(expected));
            Assert.That(bySha512.Digest.ToString(), Is.EqualTo(expected));
        });
    }

    [Test]
    public void A_large_generated_blob_is_hashed_without_being_held_in_memory()
    {
        const long size = 256L * 1024 * 1024;
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var stream = new DigestingStream(new GeneratedContentStream(42, size));
        var buffer = new byte[1 << 16];
        while (stream.Read(buffer) > 0)
        {
        }

        var digests = stream.Complete();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(digests.Length, Is.EqualTo(size));
            Assert.That(allocated, Is.LessThan(4 * 1024 * 1024), "streaming allocates a bounded amount, not the blob");
        });
    }

    [TestCase("sha256:" + "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", true)]
    [TestCase("sha256:" + "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90", false)]
    [TestCase("sha256:abc", false)]
    [TestCase("sha512:" + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", true)]
    [TestCase("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", true)]
    [TestCase("nocolon", false)]
    public void Digest_grammar_follows_the_descriptor_rules(string text, bool valid) =>
        Assert.That(Digest.TryParse(text, out _), Is.EqualTo(valid));
}
