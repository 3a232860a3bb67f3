using System.Text;

namespace OciConformance.Reference.Tests;

[TestFixture]
public sealed class ListingTests
{
    private static readonly string[] Tags = ["b", "A", "a", "c10", "c2", "Z"];
    private static readonly string[] TwoAfterA = ["b", "c10"];
    private TestRegistry _registry = null!;
    private string _repo = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _registry = await TestRegistry.StartAsync();
        _repo = TestRegistry.NewRepo();
        var config = await _registry.PushBlobDescAsync(_repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        foreach (var tag in Tags)
        {
            await _registry.PushManifestAsync(_repo, tag, body, TestRegistry.ImageManifestType);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _registry.DisposeAsync();

    private static string[] Sorted => [.. Tags.Order(StringComparer.Ordinal)];

    [Test]
    public async Task Tags_are_listed_in_ascii_order()
    {
        using var response = await _registry.GetAsync($"/v2/{_repo}/tags/list");
        var json = await TestRegistry.JsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(json["name"]!.GetValue<string>(), Is.EqualTo(_repo));
            Assert.That(json["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(Sorted));
            Assert.That(response.Headers.Contains("Link"), Is.False);
        });
    }

    [Test]
    public async Task Pages_follow_the_link_header()
    {
        var collected = new List<string>();
        var next = $"/v2/{_repo}/tags/list?n=4";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await _registry.GetAsync(next);
            var tags = (await TestRegistry.JsonAsync(response))["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            Assert.That(tags, Has.Count.LessThanOrEqualTo(4));
            collected.AddRange(tags);
            next = response.Headers.TryGetValues("Link", out var links) ? links.First().Split('<', '>')[1] : null;
        }

        Assert.Multiple(() =>
        {
            Assert.That(collected, Is.EqualTo(Sorted));
            Assert.That(pages, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Last_starts_after_the_given_tag()
    {
        using var response = await _registry.GetAsync($"/v2/{_repo}/tags/list?n=2&last=a");
        var tags = (await TestRegistry.JsonAsync(response))["tags"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.That(tags, Is.EqualTo(TwoAfterA));
    }

    [Test]
    public async Task N_zero_returns_an_empty_list_without_link()
    {
        using var response = await _registry.GetAsync($"/v2/{_repo}/tags/list?n=0");
        var tags = (await TestRegistry.JsonAsync(response))["tags"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(tags, Is.Empty);
            Assert.That(response.Headers.Contains("Link"), Is.False);
        });
    }

    [Test]
    public async Task Invalid_n_is_400()
    {
        using var response = await _registry.GetAsync($"/v2/{_repo}/tags/list?n=-1");
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Unknown_repository_is_404_NAME_UNKNOWN()
    {
        using var response = await _registry.GetAsync($"/v2/{TestRegistry.NewRepo()}/tags/list");
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(404));
            Assert.That(await TestRegistry.ErrorCodeAsync(response), Is.EqualTo("NAME_UNKNOWN"));
        });
    }

    [Test]
    public async Task Catalog_lists_repositories_with_pagination()
    {
        var second = TestRegistry.NewRepo("zz");
        await _registry.PushBlobAsync(second, Encoding.UTF8.GetBytes("x"));
        using var all = await _registry.GetAsync("/v2/_catalog");
        using var first = await _registry.GetAsync("/v2/_catalog?n=1");
        var names = (await TestRegistry.JsonAsync(all))["repositories"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain(_repo).And.Contain(second));
            Assert.That(names, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(first.Headers.GetValues("Link").Single(), Does.Contain("rel=\"next\""));
        });
    }

    [Test]
    public async Task Server_side_page_cap_applies_without_n()
    {
        await using var capped = await TestRegistry.StartAsync(new RegistryOptions { TagsPageSize = 2 });
        var repo = TestRegistry.NewRepo();
        var config = await capped.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        foreach (var tag in new[] { "t1", "t2", "t3" })
        {
            await capped.PushManifestAsync(repo, tag, body, TestRegistry.ImageManifestType);
        }

        using var response = await capped.GetAsync($"/v2/{repo}/tags/list");
        var tags = (await TestRegistry.JsonAsync(response))["tags"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(tags, Has.Count.EqualTo(2));
            Assert.That(response.Headers.GetValues("Link").Single(), Does.Contain("last=t2"));
        });
    }
}
