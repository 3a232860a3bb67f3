using System.Text;
using Microsoft.AspNetCore.Http;
using OciConformance.Reference.Faults;
using OciConformance.Reference.Http;

namespace OciConformance.Reference.Tests;

/// <summary>The response side of the fault layer: body rewrites hold back small JSON bodies only, never a streamed blob.</summary>
[TestFixture]
public sealed class FaultLayerTests
{
    [Test]
    public async Task A_blob_body_streams_on_while_a_body_rewrite_is_on()
    {
        var layer = new FaultLayer();
        layer.RewriteBody(_ => true, (_, _) => []);
        var (context, sent) = Context();
        long sentDuringHandler = -1;

        await layer.RewriteResponsesAsync(context, async c =>
        {
            c.Response.ContentType = "application/octet-stream";
            await c.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
            sentDuringHandler = sent.Length;
        }, Services(layer));

        Assert.That(sentDuringHandler, Is.EqualTo(3), "the bytes must reach the client while the handler still writes");
    }

    [Test]
    public async Task A_json_body_is_held_back_and_sent_rewritten_with_its_length()
    {
        var layer = new FaultLayer();
        layer.RewriteBody(_ => true, (_, body) => [.. body, .. body]);
        var (context, sent) = Context();
        long sentDuringHandler = -1;

        await layer.RewriteResponsesAsync(context, async c =>
        {
            c.Response.ContentType = "application/json";
            c.Response.ContentLength = 2;
            await c.Response.Body.WriteAsync("{}"u8.ToArray());
            sentDuringHandler = sent.Length;
        }, Services(layer));

        Assert.Multiple(() =>
        {
            Assert.That(sentDuringHandler, Is.Zero);
            Assert.That(Encoding.UTF8.GetString(sent.ToArray()), Is.EqualTo("{}{}"));
            Assert.That(context.Response.ContentLength, Is.EqualTo(4));
        });
    }

    private static (HttpContext Context, MemoryStream Sent) Context()
    {
        var sent = new MemoryStream();
        var context = new DefaultHttpContext { Request = { Path = "/v2/repo/blobs/sha256:" + new string('a', 64) } };
        context.Response.Body = sent;
        return (context, sent);
    }

    private static RegistryServices Services(FaultLayer layer) => new(new RegistryOptions(), layer);
}
