namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class CommandLineTests
{
    private static readonly string[] PullPush = ["pull", "push"];

    [Test]
    public void Flags_map_to_options()
    {
        var request = CommandLine.Parse([
            "--port", "0", "--host", "127.0.0.2", "--no-referrers", "--artifact-manifest", "--oras", "--no-delete", "--read-only",
            "--auth", "token", "--user", "ann:pw:pull,push", "--anonymous-pull", "--referrers-page-size", "3", "--tags-page-size", "4", "--fault", "tags-unsorted",
        ]);
        var options = request.Options;
        Assert.Multiple(() =>
        {
            Assert.That(options.Port, Is.Zero);
            Assert.That(options.Host, Is.EqualTo("127.0.0.2"));
            Assert.That(options.ReferrersApi, Is.False);
            Assert.That(options.ArtifactManifest && options.OrasArtifacts && options.ReadOnly, Is.True);
            Assert.That(options.DeleteEnabled, Is.False);
            Assert.That(options.Auth, Is.EqualTo(RegistryAuthMode.Token));
            Assert.That(options.Users.Single().Actions, Is.EquivalentTo(PullPush));
            Assert.That(options.AnonymousPull, Is.True);
            Assert.That(options.ReferrersPageSize, Is.EqualTo(3));
            Assert.That(options.TagsPageSize, Is.EqualTo(4));
            Assert.That(options.Faults, Does.Contain("tags-unsorted"));
            Assert.That(request.ListFaults, Is.False);
        });
    }

    [TestCase(new[] { "--port", "abc" }, "--port")]
    [TestCase(new[] { "--port" }, "--port")]
    [TestCase(new[] { "--auth", "kerberos" }, "--auth")]
    [TestCase(new[] { "--auth", "basic" }, "--user")]
    [TestCase(new[] { "--user", "bob:pw:fly" }, "--user")]
    [TestCase(new[] { "--anonymous-pull" }, "--anonymous-pull")]
    [TestCase(new[] { "--fault", "no-such" }, "--fault")]
    [TestCase(new[] { "--rate-limit-every", "-1" }, "--rate-limit-every")]
    [TestCase(new[] { "--retry-after", "soon" }, "--retry-after")]
    [TestCase(new[] { "--bogus" }, "--bogus")]
    public void Bad_input_names_the_flag(string[] args, string flag)
    {
        var exception = Assert.Throws<CommandLineException>(() => CommandLine.Parse(args));
        Assert.That(exception!.Message, Does.Contain(flag));
    }

    [Test]
    public void Rate_limit_flags_map_to_options_and_default_to_off()
    {
        var options = CommandLine.Parse(["--rate-limit-every", "10", "--retry-after", "3"]).Options;
        var defaults = CommandLine.Parse([]).Options;
        Assert.Multiple(() =>
        {
            Assert.That(options.RateLimitEvery, Is.EqualTo(10));
            Assert.That(options.RateLimitRetryAfterSeconds, Is.EqualTo(3));
            Assert.That(defaults.RateLimitEvery, Is.Zero);
            Assert.That(defaults.RateLimitRetryAfterSeconds, Is.EqualTo(1));
        });
    }

    [Test]
    public void List_faults_is_recognised()
    {
        Assert.That(CommandLine.Parse(["--list-faults"]).ListFaults, Is.True);
    }

    [Test]
    public void A_repeated_value_flag_takes_the_last_value()
    {
        Assert.That(CommandLine.Parse(["--port", "1", "--port", "2"]).Options.Port, Is.EqualTo(2));
    }

    [Test]
    public void Help_lists_every_flag()
    {
        using var help = new StringWriter();
        CommandLine.WriteHelp(help);
        Assert.Multiple(() =>
        {
            Assert.That(CommandLine.Parse(["--help"]).Help, Is.True);
            Assert.That(help.ToString(), Does.Contain("--port").And.Contain("--user").And.Contain("--max-manifest-bytes").And.Contain("--rate-limit-every").And.Contain("--retry-after").And.Contain("--list-faults"));
        });
    }
}
