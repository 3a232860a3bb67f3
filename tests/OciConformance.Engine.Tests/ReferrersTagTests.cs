using OciConformance.Engine.ActionSteps.Referrers;

namespace OciConformance.Engine.Tests;

public class ReferrersTagTests
{
    private static readonly string Hex64 = new('a', 64);

    [Test]
    public void A_sha256_digest_becomes_algorithm_dash_hex()
    {
        Assert.That(ReferrersTag.For($"sha256:{Hex64}"), Is.EqualTo($"sha256-{Hex64}"));
    }

    [Test]
    public void A_sha512_digest_keeps_only_the_first_64_characters_of_its_encoded_part()
    {
        Assert.That(ReferrersTag.For($"sha512:{new string('a', 128)}"), Is.EqualTo($"sha512-{Hex64}"));
    }

    [Test]
    public void A_long_algorithm_is_cut_to_32_characters_and_separators_become_dashes()
    {
        var algorithm = "one+two.three_four+" + new string('x', 40);
        var encoded = "abc=def" + new string('y', 80);

        var tag = ReferrersTag.For($"{algorithm}:{encoded}");

        Assert.Multiple(() =>
        {
            Assert.That(tag, Is.EqualTo("one-two.three_four-xxxxxxxxxxxxx-abc-def" + new string('y', 57)));
            Assert.That(tag, Has.Length.EqualTo(ReferrersTag.AlgorithmLimit + 1 + ReferrersTag.EncodedLimit));
            Assert.That(tag, Does.Match("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$"));
        });
    }

    [Test]
    public void The_fixture_digest_of_the_long_tag_scenario_gives_a_97_character_tag()
    {
        var tag = ReferrersTag.For("conformance+algorithm+with+separators+long+enough+to+be+cut:encoded=part=with=equals=signs=and=more=characters=than=sixty=four=to=be=cut=here");

        Assert.That(tag, Is.EqualTo("conformance-algorithm-with-separ-encoded-part-with-equals-signs-and-more-characters-than-sixty-fo"));
    }

    [TestCase("no-colon")]
    [TestCase(":abc")]
    [TestCase("sha256:")]
    public void Something_that_is_not_a_digest_is_refused(string text)
    {
        Assert.That(() => ReferrersTag.For(text), Throws.TypeOf<FormatException>());
    }
}
