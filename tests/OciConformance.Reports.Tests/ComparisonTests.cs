using OciConformance.Results;

namespace OciConformance.Reports.Tests;

public sealed class ComparisonTests
{
    private static RunReport Run(string runId, params (string Id, Outcome Outcome)[] cases) =>
        Sample.Report(runId, cases.Select(c => Sample.Case(c.Id, "pull", c.Outcome, message: c.Outcome == Outcome.Passed ? null : $"{c.Id} went {c.Outcome}")));

    [Test]
    public void Regressions_fixes_new_and_removed_cases_are_told_apart()
    {
        var before = Run("old", ("a", Outcome.Passed), ("b", Outcome.Failed), ("c", Outcome.Passed), ("d", Outcome.Passed), ("gone", Outcome.Passed), ("opt", Outcome.Passed));
        var after = Run("new", ("a", Outcome.Failed), ("b", Outcome.Passed), ("c", Outcome.Passed), ("d", Outcome.NotRun), ("added", Outcome.Warning), ("opt", Outcome.NotSupported));

        var comparison = ReportComparison.Compare(before, after);

        Assert.Multiple(() =>
        {
            Assert.That(comparison.Regressions.Select(c => c.Id), Is.EqualTo(new[] { "a", "opt" }));
            Assert.That(comparison.Fixes.Select(c => c.Id), Is.EqualTo(new[] { "b" }));
            Assert.That(comparison.Added.Select(c => c.Id), Is.EqualTo(new[] { "added" }));
            Assert.That(comparison.Removed.Select(c => c.Id), Is.EqualTo(new[] { "gone" }));
            Assert.That(comparison.OtherChanges.Select(c => c.Id), Is.EqualTo(new[] { "d" }));
            Assert.That(comparison.Unchanged, Is.EqualTo(1));
            Assert.That(comparison.HasRegression, Is.True);
        });
    }

    [Test]
    public void The_text_lists_regressions_before_fixes()
    {
        var text = ComparisonText.Render(ReportComparison.Compare(Run("old", ("a", Outcome.Passed), ("b", Outcome.Failed)), Run("new", ("a", Outcome.Failed), ("b", Outcome.Passed))));

        Assert.That(text.IndexOf("Regressions (1):", StringComparison.Ordinal), Is.LessThan(text.IndexOf("Fixes (1):", StringComparison.Ordinal)).And.GreaterThan(0));
        Assert.That(text, Does.Contain("pull/a: passed -> failed  [dist.pull.a]  a went Failed"));
    }

    [Test]
    public void Reports_of_another_tool_major_version_or_scenario_set_are_refused()
    {
        var ours = Run("one", ("a", Outcome.Passed));

        Assert.Multiple(() =>
        {
            Assert.That(() => ReportComparison.Compare(ours, Sample.Report("two", [Sample.Case("a", "pull", Outcome.Passed)], tool: "other-tool")),
                Throws.TypeOf<IncompatibleReportsException>().With.Message.Contains("written by 'other-tool'"));
            Assert.That(() => ReportComparison.Compare(ours, Sample.Report("two", [Sample.Case("a", "pull", Outcome.Passed)], toolVersion: "2.0.0")),
                Throws.TypeOf<IncompatibleReportsException>().With.Message.Contains("different major versions"));
            Assert.That(() => ReportComparison.Compare(ours, Run("two", ("z", Outcome.Passed))),
                Throws.TypeOf<IncompatibleReportsException>().With.Message.Contains("shares no case"));
        });
    }
}
