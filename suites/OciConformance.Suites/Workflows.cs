using NUnit.Framework;
using OciConformance.Configuration;

namespace OciConformance.Suites;

// One fixture per workflow, so test explorers group cases the way the profiles do; the cases themselves are data.

[TestFixture]
public sealed class Pull
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Pull })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Push
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Push })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Discovery
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Discovery })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Management
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Management })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Referrers
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Referrers })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class ReferrersFallback
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.ReferrersFallback })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class ArtifactManifest
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.ArtifactManifest })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class OrasArtifacts
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.OrasArtifacts })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class DockerCompat
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.DockerCompat })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Auth
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Auth })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Errors
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Errors })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}

[TestFixture]
public sealed class Formats
{
    [TestCaseSource(typeof(ScenarioSource), nameof(ScenarioSource.ForProfile), new object[] { Profiles.Formats })]
    public Task Scenario(string id) => ScenarioTest.RunAsync(id);
}
