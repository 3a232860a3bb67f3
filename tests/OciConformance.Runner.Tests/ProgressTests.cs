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
}
