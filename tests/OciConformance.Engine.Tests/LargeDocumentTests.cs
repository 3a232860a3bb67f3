using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.Tests;

/// <summary>
/// The push profile's manifests are padded to 4 MiB. Written, quoted and parsed, each may cost about its own size, not
/// the multiples UTF-16 copies, growing buffers and re-encodings used to cost (measured with an allocation trace).
/// </summary>
public sealed class LargeDocumentTests
{
    private const int PaddedSize = 4 * 1024 * 1024;

    [Test]
    public void Client_json_writes_what_System_Text_Json_writes_for_plain_documents()
    {
        var document = JsonNode.Parse("""{"schemaVersion":2,"config":{"size":7,"ok":true,"none":null},"layers":[],"list":[1,{"a":"b"}],"empty":{}}""");
        var indented = new JsonSerializerOptions { WriteIndented = true };

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(ClientJson.Serialize(document, indented: true)), Is.EqualTo(document!.ToJsonString(indented)));
            Assert.That(Encoding.UTF8.GetString(ClientJson.Serialize(document)), Is.EqualTo(document.ToJsonString()));
        });
    }

    [Test]
    public void Client_json_escapes_only_what_json_requires_and_writes_other_characters_as_utf8()
    {
        const string value = "a\"b\\c\nd\te\u0001 + <é> \U0001F600";
        var bytes = ClientJson.Serialize(new JsonObject { ["k"] = value, ["lone"] = "x\ud800y" });
        using var parsed = JsonDocument.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\te\\u0001 + <é> \U0001F600\",\"lone\":\"x\\ud800y\"}"));
            Assert.That(parsed.RootElement.GetProperty("k").GetString(), Is.EqualTo(value), "the bytes read back as the value written");
            Assert.That(ClientJson.Quote("x\"y"), Is.EqualTo("\"x\\\"y\""));
        });
    }

    [Test]
    public void A_padded_manifest_is_written_at_the_cost_of_its_own_bytes()
    {
        var manifest = new JsonObject { ["annotations"] = new JsonObject { ["padding"] = new string('x', PaddedSize) } };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var bytes = ClientJson.Serialize(manifest, indented: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(bytes.Length + (256 * 1024)), "one array of the document's size, no text copy on the way");
    }

    [Test]
    public void A_whole_string_placeholder_takes_its_value_as_it_is()
    {
        var filler = new string('x', PaddedSize);
        using var template = JsonDocument.Parse("""{"padding":"{filler}","size":"{blob.a.size}","mixed":"<{filler.short}>"}""");

        var rendered = Templates.Render(template.RootElement, name => name switch
        {
            "filler" => filler,
            "blob.a.size" => "42",
            _ => "s",
        })!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(ReferenceEquals(rendered["padding"]!.GetValue<string>(), filler), Is.True, "the resolved value itself, not a copy");
            Assert.That(rendered["size"]!.GetValue<long>(), Is.EqualTo(42), "a size placeholder still becomes a number");
            Assert.That(rendered["mixed"]!.GetValue<string>(), Is.EqualTo("<s>"));
        });
    }

    [Test]
    public void A_filler_is_written_as_padding_without_ever_being_a_string()
    {
        using var template = JsonDocument.Parse("""{"annotations":{"org.example.padding":"{filler.4194304}","short":"{filler.3}"}}""");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var bytes = ClientJson.Serialize(Templates.Render(template.RootElement, name => throw new AssertionException($"a filler needs no resolving, asked for {name}")));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        using var written = JsonDocument.Parse(bytes);
        var annotations = written.RootElement.GetProperty("annotations");
        Assert.Multiple(() =>
        {
            Assert.That(annotations.GetProperty("org.example.padding").GetString(), Is.EqualTo(new string(Padding.Character, PaddedSize)));
            Assert.That(annotations.GetProperty("short").GetString(), Is.EqualTo("xxx"));
            Assert.That(allocated, Is.LessThan(bytes.Length + (256 * 1024)), "the document's bytes, and no 8 MiB string before them");
        });
    }

    [Test]
    public void An_excerpt_of_a_large_body_decodes_only_its_start()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"padding\":\"" + new string('x', PaddedSize) + "\"}");
        var body = new ResponseBody(bytes, false, new ContentDigests(default, default, bytes.Length));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var excerpt = body.Excerpt(200);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(excerpt, Is.EqualTo("{\"padding\":\"" + new string('x', 188) + "…"));
            Assert.That(allocated, Is.LessThan(64 * 1024));
        });
    }

    [TestCase("{\"a\":1}", "{\"a\":1}")]
    [TestCase("ééé", "éé…")]
    [TestCase("", "")]
    public void An_excerpt_of_a_short_body_is_its_text_cut_at_the_limit(string text, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var body = new ResponseBody(bytes, false, new ContentDigests(default, default, bytes.Length));

        Assert.That(body.Excerpt(text == "ééé" ? 2 : 200), Is.EqualTo(expected));
    }

    [Test]
    public void An_excerpt_of_binary_bytes_is_the_hex_note_the_full_text_gives()
    {
        byte[] bytes = [0xff, 0xfe, 0x00, 0x01];
        var body = new ResponseBody(bytes, false, new ContentDigests(default, default, bytes.Length));

        Assert.That(body.Excerpt(200), Is.EqualTo(body.Text));
    }

    [Test]
    public void A_registry_body_with_a_large_string_is_parsed_without_decoding_the_string()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"padding\":\"" + new string('x', PaddedSize) + "\"}");
        using (RegistryJson.Parse(bytes))
        {
            // The first parse on a thread rents the parser's metadata array; disposing gives it back for the next.
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        using (RegistryJson.Parse(bytes))
        {
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(PaddedSize), "the lone-surrogate check reads the raw bytes; it does not build an 8 MiB string");
    }

    [Test]
    public void A_registry_body_with_an_escaped_lone_surrogate_is_still_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":\"ok \\u00e9\",\"b\":\"\\ud800\"}");

        Assert.That(() => RegistryJson.Parse(bytes), Throws.InstanceOf<JsonException>().With.Message.Contains("/b"));
    }
}
