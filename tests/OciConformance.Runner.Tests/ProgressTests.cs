using OciConformance.Http;
using OciConformance.Results;

namespace OciConformance.Runner.Tests;

public sealed class ProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CaseResult Case(string id, string profile, Outcome outcome, string? message = null) => new()
    {
        Id = id,
        Title = $"Scenario {id}",
        Profile = profile,
        Requirements = [$"dist.{profile}.{id}"],
        Level = "MUST",
        Outcome = outcome,
        Message = message,
    };

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly KeyValuePair<string, int>[] Profiles = [new("pull", 3), new("push", 1)];

    [Test]
    public void Without_a_terminal_lines_come_per_interval_per_finished_profile_and_per_problem()
    {
        using var output = new StringWriter();
        var clock = new ManualClock();
        var progress = new Progress(output, Profiles, live: false, clock, TimeSpan.FromSeconds(10));

        progress.OnCase(Case("a", "pull", Outcome.Passed));
        clock.Now = clock.Now.AddSeconds(11);
        progress.OnCase(Case("b", "pull", Outcome.Failed, message: "404 instead of 200"));
        progress.OnCase(Case("c", "pull", Outcome.Passed));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[0], Does.StartWith("failed   pull/b  404 instead of 200"));
            Assert.That(lines[1], Does.StartWith("progress 2/4: pull 2/3 · push 0/1"));
            Assert.That(lines[2], Does.StartWith("pull").And.Contain("3/3").And.Contain("done").And.Contain("passed 2 · failed 1"));
            Assert.That(output.ToString(), Does.Not.Contain("\u001b"));
        });
    }

    [Test]
    public void On_a_terminal_the_profile_lines_are_redrawn_in_place()
    {
        using var output = new StringWriter();
        var progress = new Progress(output, Profiles, live: true, TimeProvider.System, TimeSpan.FromSeconds(10));

        progress.OnCase(Case("a", "pull", Outcome.Passed));
        progress.OnCase(Case("b", "push", Outcome.Passed));
        var text = output.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\u001b[2A"), "moves up over the two profile lines");
            Assert.That(text, Does.Contain("\r\u001b[2K"), "clears each line before rewriting it");
            Assert.That(text, Does.Contain("push").And.Contain("1/1"));
        });
    }

    private static TransferProgress Transfer(long done, bool finished = false, long id = 1) =>
        new(id, "PUT /v2/conformance/big/blobs/uploads/abc", Sending: true, done, 1024L * 1024 * 1024, TimeSpan.FromSeconds(4), finished);

    [Test]
    public void On_a_terminal_a_large_body_has_a_live_bar_with_its_rate_and_time_left_until_it_ends()
    {
        using var output = new StringWriter();
        var progress = new Progress(output, Profiles, live: true, TimeProvider.System, TimeSpan.FromSeconds(10));

        progress.OnTransfer(Transfer(256L * 1024 * 1024));
        var during = output.ToString();
        output.GetStringBuilder().Clear();
        progress.OnTransfer(Transfer(1024L * 1024 * 1024, finished: true));
        var after = output.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(during, Does.Contain("sending [#####---------------] 256.0 of 1024.0 MiB, 64.0 MiB/s, 12 s left  PUT /v2/conformance/big/blobs/uploads/abc"));
            Assert.That(after, Does.Not.Contain("sending"), "an ended body's line goes");
            Assert.That(after, Does.StartWith("\u001b[3A"), "the redraw starts where the last one began: two profiles and one transfer");
            Assert.That(after, Does.EndWith("\u001b[2K\n\u001b[1A"), "the line the transfer had is blanked and the cursor returns above it");
        });
    }

    [Test]
    public void Without_a_terminal_the_large_bodies_under_way_get_plain_lines_once_per_interval()
    {
        using var output = new StringWriter();
        var clock = new ManualClock();
        var progress = new Progress(output, Profiles, live: false, clock, TimeSpan.FromSeconds(10));

        progress.OnTransfer(Transfer(100L * 1024 * 1024));
        clock.Now = clock.Now.AddSeconds(5);
        progress.OnTransfer(Transfer(200L * 1024 * 1024));
        progress.OnTransfer(Transfer(50L * 1024 * 1024, id: 2));
        clock.Now = clock.Now.AddSeconds(6);
        progress.OnTransfer(Transfer(300L * 1024 * 1024));
        progress.OnTransfer(Transfer(1024L * 1024 * 1024, finished: true));
        progress.OnTransfer(Transfer(1024L * 1024 * 1024, finished: true, id: 2));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3), "the bodies under way, once per interval, not one line per body");
            Assert.That(lines[0], Does.StartWith("  sending 100.0 of 1024.0 MiB, 25.0 MiB/s, 37 s left"));
            Assert.That(lines[1], Does.StartWith("  sending 300.0 of 1024.0 MiB"));
            Assert.That(lines[2], Does.StartWith("  sending 50.0 of 1024.0 MiB"));
            Assert.That(output.ToString(), Does.Not.Contain("\u001b"));
        });
    }
}
