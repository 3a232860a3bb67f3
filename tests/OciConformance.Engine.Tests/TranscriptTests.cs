using System.Text;
using OciConformance.Http;

namespace OciConformance.Engine.Tests;

/// <summary>
/// Every report renders a transcript per exchange of every case. The layout is what readers and the report tests rely on;
/// appending it to a builder that has room costs nothing but the status figure, where a list of lines joined afterwards
/// cost several times the transcript's size.
/// </summary>
public sealed class TranscriptTests
{
    private static readonly HttpExchange Answered = new()
    {
        Sequence = 3,
        Method = "PUT",
        Url = "http://127.0.0.1:5000/v2/demo/manifests/v1",
        RequestHeaders = [new("Content-Type", "application/vnd.oci.image.manifest.v1+json"), new("Authorization", "Bearer (redacted)")],
        RequestBody = "{\"schemaVersion\":2}",
        Status = 429,
        ResponseHeaders = [new("Retry-After", "1"), new("X-Odd", "c0ff") { Form = WireForm.Hex }],
        ResponseBody = "00ff",
        ResponseBodyForm = WireForm.Hex,
        ResponseLength = 9,
        RateLimit = "waited 1 s and sent it again",
    };

    private static readonly HttpExchange Unanswered = new()
    {
        Sequence = 4,
        Method = "GET",
        Url = "http://127.0.0.1:5000/v2/",
        RequestHeaders = [],
        Error = "connection refused",
    };

    [Test]
    public void A_transcript_shows_each_line_of_the_exchange_in_order()
    {
        var n = Environment.NewLine;

        Assert.Multiple(() =>
        {
            Assert.That(Answered.ToTranscript(), Is.EqualTo(
                $"> PUT http://127.0.0.1:5000/v2/demo/manifests/v1{n}> Content-Type: application/vnd.oci.image.manifest.v1+json{n}"
                + $"> Authorization: Bearer (redacted){n}> {{\"schemaVersion\":2}}{n}< 429{n}< Retry-After: 1{n}"
                + $"< X-Odd: (not UTF-8 text, in hex) c0ff{n}< (9 bytes, not UTF-8 text; the first 2 bytes in hex) 00ff{n}"
                + "* waited 1 s and sent it again"));
            Assert.That(Unanswered.ToTranscript(), Is.EqualTo($"> GET http://127.0.0.1:5000/v2/{n}< no response: connection refused"));
        });
    }

    [Test]
    public void Appending_keeps_what_the_builder_held_and_adds_the_same_transcript()
    {
        var text = new StringBuilder("before|");

        Answered.AppendTranscript(text);
        Unanswered.AppendTranscript(text.Append('|'));

        Assert.That(text.ToString(), Is.EqualTo($"before|{Answered.ToTranscript()}|{Unanswered.ToTranscript()}"));
    }

    [Test]
    public void Appending_a_text_transcript_to_a_builder_with_room_allocates_only_the_status_figure()
    {
        var exchange = Answered with
        {
            RequestHeaders = [.. Enumerable.Range(0, 12).Select(i => new HeaderLine($"X-Header-{i}", new string('v', 40)))],
            ResponseHeaders = [.. Enumerable.Range(0, 12).Select(i => new HeaderLine($"X-Answer-{i}", new string('w', 40)))],
            ResponseBody = new string('b', 2000),
            ResponseBodyForm = null,
        };
        var text = new StringBuilder(64 * 1024);
        exchange.AppendTranscript(text);
        text.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        exchange.AppendTranscript(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(128), $"a transcript of {text.Length} characters appended in place, not built from line strings");
    }
}
