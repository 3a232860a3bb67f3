using OciConformance.Http;

namespace OciConformance.Engine.Tests;

public class LinkHeaderTests
{
    [TestCase("</v2/a/referrers/sha256:1?last=x>; rel=\"next\"", "/v2/a/referrers/sha256:1?last=x")]
    [TestCase("<https://r.example/v2/a/referrers/sha256:1?n=2>;rel=next", "https://r.example/v2/a/referrers/sha256:1?n=2")]
    [TestCase("</prev>; rel=\"prev\", </next>; rel=\"next\"", "/next")]
    [TestCase("</both>; title=\"x\"; rel=\"prev next\"", "/both")]
    public void The_next_link_is_found(string header, string target)
    {
        Assert.That(LinkHeader.Next(header), Is.EqualTo(target));
    }

    [TestCase("/v2/a/referrers/sha256:1?last=x; rel=\"next\"")]
    [TestCase("</v2/a/referrers/sha256:1>")]
    [TestCase("</prev>; rel=\"prev\"")]
    [TestCase("")]
    public void A_header_without_an_RFC_5988_next_link_gives_none(string header)
    {
        Assert.That(LinkHeader.Next(header), Is.Null);
    }
}
