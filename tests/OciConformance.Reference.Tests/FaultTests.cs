using System.Net.Http.Headers;
using System.Text;

namespace OciConformance.Reference.Tests;

/// <summary>
/// One probe per fault: a check of the rule the fault breaks. Each probe must hold on a clean registry and
/// fail on a registry with only that fault, which proves the fault changes the behaviour it names.
/// </summary>
internal sealed record FaultProbe(string Fault, Func<TestRegistry, Task<bool>> RuleHolds, RegistryOptions? Options = null);

[TestFixture]
public sealed class FaultTests
{
    private const string Sbom = "application/vnd.example.sbom.v1";

    public static IEnumerable<TestCaseData> Probes() => AllProbes().Select(p => new TestCaseData(p.Fault).SetName($"Fault_{p.Fault}"));

    [Test]
    public void Every_fault_has_a_probe_and_a_description()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AllProbes().Select(p => p.Fault), Is.EquivalentTo(RegistryFaults.All.Select(f => f.Name)));
            Assert.That(RegistryFaults.All.Select(f => f.Name), Is.Unique);
            Assert.That(RegistryFaults.All.Select(f => f.Name), Has.All.Match("^[a-z0-9]+(-[a-z0-9]+)+$"));
            Assert.That(RegistryFaults.All, Has.All.Matches<FaultInfo>(f => f!.Description.Length > 10 && f.Rule.Length > 10));
        });
    }

    [Test]
    public async Task Unknown_fault_is_refused_with_the_known_list()
    {
        var options = new RegistryOptions { Faults = new HashSet<string> { "no-such-fault" } };
        var exception = await Assert.ThrowsAsync<ArgumentException>(async () => await ReferenceRegistry.StartAsync(options));
        Assert.That(exception!.Message, Does.Contain("no-such-fault").And.Contain("tags-unsorted"));
    }

    [TestCaseSource(nameof(Probes))]
    public async Task Fault_breaks_its_rule(string fault)
    {
        var probe = AllProbes().Single(p => p.Fault == fault);
        var options = probe.Options ?? new RegistryOptions();
        await using (var clean = await TestRegistry.StartAsync(options))
        {
            Assert.That(await probe.RuleHolds(clean), Is.True, "the rule should hold without the fault");
        }

        await using var faulty = await TestRegistry.StartAsync(options, probe.Fault);
        Assert.That(await probe.RuleHolds(faulty), Is.False, $"the rule should be broken with fault {probe.Fault}");
    }

    private static IEnumerable<FaultProbe> AllProbes()
    {
        yield return new("base-wrong-status", async r => (int)(await r.GetAsync("/v2/")).StatusCode == 200);
        yield return new("upload-post-no-location", async r =>
            (await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/")).Headers.Location is not null);
        yield return new("upload-put-wrong-status", async r => (int)(await PutBlob(r, TestRegistry.NewRepo(), [1, 2, 3])).StatusCode == 201);
        yield return new("upload-accepts-digest-mismatch", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            return (int)(await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={TestRegistry.DigestOf([9])}"), TestRegistry.Octets([8]))).StatusCode == 400;
        });
        yield return new("upload-patch-no-range", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            return TestRegistry.Header(await Patch(r, location, new byte[10], "0-9"), "Range") == "0-9";
        });
        yield return new("upload-status-wrong-range", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            await Patch(r, location, new byte[10], "0-9");
            return TestRegistry.Header(await r.GetAsync(location), "Range") == "0-9";
        });
        yield return new("chunk-out-of-order-accepted", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            await Patch(r, location, new byte[10], "0-9");
            return (int)(await Patch(r, location, new byte[10], "20-29")).StatusCode == 416;
        });
        yield return new("mount-ignored", async r =>
        {
            var source = TestRegistry.NewRepo();
            var digest = await r.PushBlobAsync(source, [4, 5, 6]);
            return (int)(await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?mount={digest}&from={source}")).StatusCode == 201;
        });
        yield return new("blob-get-no-digest-header", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/blobs/{digest}"), "Docker-Content-Digest") is not null;
        });
        yield return new("blob-get-wrong-digest-header", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/blobs/{digest}"), "Docker-Content-Digest") == digest;
        });
        yield return new("blob-get-corrupt-body", async r =>
        {
            var (repo, digest, bytes) = await Blob(r);
            return (await (await r.GetAsync($"/v2/{repo}/blobs/{digest}")).Content.ReadAsByteArrayAsync()).SequenceEqual(bytes);
        });
        yield return new("blob-head-wrong-length", async r =>
        {
            var (repo, digest, bytes) = await Blob(r);
            return (await r.HeadAsync($"/v2/{repo}/blobs/{digest}")).Content.Headers.ContentLength == bytes.Length;
        });
        yield return new("blob-unknown-wrong-status", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([1])}")).StatusCode == 404);
        yield return new("range-ignored", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            var response = await r.SendAsync(HttpMethod.Get, $"/v2/{repo}/blobs/{digest}", configure: m => m.Headers.Range = new RangeHeaderValue(0, 1));
            return (int)response.StatusCode == 206;
        });
        yield return new("error-body-malformed", async r =>
            await TestRegistry.ErrorCodeAsync(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([1])}")) is not null);
        yield return new("error-code-wrong", async r =>
            await TestRegistry.ErrorCodeAsync(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([1])}")) == "BLOB_UNKNOWN");
        yield return new("manifest-put-wrong-status", async r => (int)(await PutImage(r)).Response.StatusCode == 201);
        yield return new("manifest-put-no-location", async r => (await PutImage(r)).Response.Headers.Location is not null);
        yield return new("manifest-put-no-digest-header", async r =>
        {
            var (_, body, response) = await PutImage(r);
            return TestRegistry.Header(response, "Docker-Content-Digest") == TestRegistry.DigestOf(body);
        });
        yield return new("manifest-get-wrong-content-type", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return (await r.GetAsync($"/v2/{repo}/manifests/v1")).Content.Headers.ContentType?.MediaType == TestRegistry.ImageManifestType;
        });
        yield return new("manifest-get-reserialized", async r =>
        {
            var (repo, body, _) = await PutImage(r);
            return (await (await r.GetAsync($"/v2/{repo}/manifests/v1")).Content.ReadAsByteArrayAsync()).SequenceEqual(body);
        });
        yield return new("annotations-rewritten", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
            var body = TestRegistry.ImageManifest(config, [], annotations: new Dictionary<string, string> { ["org.example.kept"] = "as pushed" });
            await r.PutManifestAsync(repo, "v1", body, TestRegistry.ImageManifestType);
            return (await (await r.GetAsync($"/v2/{repo}/manifests/{TestRegistry.DigestOf(body)}")).Content.ReadAsByteArrayAsync()).SequenceEqual(body);
        });
        yield return new("manifest-get-no-digest-header", async r =>
        {
            var (repo, body, _) = await PutImage(r);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/manifests/v1"), "Docker-Content-Digest") == TestRegistry.DigestOf(body);
        });
        yield return new("manifest-head-no-digest-header", async r =>
        {
            var (repo, body, _) = await PutImage(r);
            return TestRegistry.Header(await r.HeadAsync($"/v2/{repo}/manifests/v1"), "Docker-Content-Digest") == TestRegistry.DigestOf(body);
        });
        yield return new("manifest-unknown-wrong-status", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/manifests/nope")).StatusCode == 404);
        yield return new("manifest-accepts-unknown-blobs", async r =>
        {
            var missing = new Desc(TestRegistry.ConfigType, TestRegistry.DigestOf([3, 3]), 2);
            var response = await r.PutManifestAsync(TestRegistry.NewRepo(), "v1", TestRegistry.ImageManifest(missing, []), TestRegistry.ImageManifestType);
            return await TestRegistry.ErrorCodeAsync(response) == "MANIFEST_BLOB_UNKNOWN";
        });
        yield return new("manifest-accepts-digest-mismatch", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
            var response = await r.PutManifestAsync(repo, TestRegistry.DigestOf([1]), TestRegistry.ImageManifest(config, []), TestRegistry.ImageManifestType);
            return (int)response.StatusCode == 400;
        });
        yield return new("manifest-oversize-accepted", OversizeRefusedWith413, new RegistryOptions { MaxManifestBytes = 1024 });
        yield return new("manifest-oversize-400", OversizeRefusedWith413, new RegistryOptions { MaxManifestBytes = 1024 });
        yield return new("rate-limit-no-retry-after", async r =>
        {
            var throttledWithoutRetryAfter = false;
            for (var i = 0; i < 10; i++)
            {
                using var response = await r.GetAsync("/v2/");
                throttledWithoutRetryAfter |= (int)response.StatusCode == 429 && response.Headers.RetryAfter is null;
            }

            return !throttledWithoutRetryAfter;
        });
        yield return new("tags-unsorted", async r => (await Tags(r, "", "b", "a", "c")).SequenceEqual(["a", "b", "c"]));
        yield return new("tags-ignore-n", async r => (await Tags(r, "?n=2", "a", "b", "c")).Count == 2);
        yield return new("tags-ignore-last", async r => (await Tags(r, "?last=a", "a", "b", "c")).SequenceEqual(["b", "c"]));
        yield return new("tags-no-link", async r =>
        {
            var repo = await Tagged(r, "a", "b", "c");
            return (await r.GetAsync($"/v2/{repo}/tags/list?n=2")).Headers.Contains("Link");
        });
        yield return new("delete-manifest-keeps-content", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var pushed = await r.PushImageAsync(repo);
            await r.DeleteAsync($"/v2/{repo}/manifests/{pushed.Digest}");
            return (int)(await r.GetAsync($"/v2/{repo}/manifests/{pushed.Digest}")).StatusCode == 404;
        });
        yield return new("delete-blob-keeps-content", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            await r.DeleteAsync($"/v2/{repo}/blobs/{digest}");
            return (int)(await r.GetAsync($"/v2/{repo}/blobs/{digest}")).StatusCode == 404;
        });
        yield return new("delete-tag-unsupported", async r =>
        {
            var repo = TestRegistry.NewRepo();
            await r.PushImageAsync(repo, "v1");
            return (int)(await r.DeleteAsync($"/v2/{repo}/manifests/v1")).StatusCode == 202;
        });
        yield return new("delete-tag-wrong-status", async r =>
        {
            var repo = TestRegistry.NewRepo();
            await r.PushImageAsync(repo, "v1");
            return (int)(await r.DeleteAsync($"/v2/{repo}/manifests/v1")).StatusCode is 202 or 400 or 405;
        });
        yield return new("referrers-404-when-empty", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}")).StatusCode == 200);
        yield return new("referrers-wrong-content-type", async r =>
            (await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}")).Content.Headers.ContentType?.MediaType == TestRegistry.IndexType);
        yield return new("referrers-ignore-filter", async r =>
        {
            var (repo, subject) = await Referred(r, 1, annotated: false);
            await r.PushImageAsync(repo, null, subject.Descriptor, "application/vnd.example.other");
            var response = await r.GetAsync($"/v2/{repo}/referrers/{subject.Digest}?artifactType={Uri.EscapeDataString(Sbom)}");
            var entries = (await TestRegistry.JsonAsync(response))["manifests"]!.AsArray();
            return TestRegistry.Header(response, "OCI-Filters-Applied") != "artifactType"
                || entries.All(e => e!["artifactType"]?.GetValue<string>() == Sbom);
        });
        yield return new("referrers-no-artifact-type", async r =>
            (await Entries(r, 1)).All(e => e!["artifactType"]?.GetValue<string>() == Sbom));
        yield return new("referrers-no-annotations", async r =>
            (await Entries(r, 1)).All(e => e!["annotations"]?["org.example.note"]?.GetValue<string>() == "kept"));
        yield return new("referrers-keeps-deleted", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var subject = await r.PushImageAsync(repo);
            var referrer = await r.PushImageAsync(repo, null, subject.Descriptor, Sbom);
            await r.DeleteAsync($"/v2/{repo}/manifests/{referrer.Digest}");
            return (await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{repo}/referrers/{subject.Digest}")))["manifests"]!.AsArray().Count == 0;
        });
        yield return new("referrers-no-pagination-link", async r =>
        {
            var (repo, subject) = await Referred(r, 2, annotated: false);
            return (await r.GetAsync($"/v2/{repo}/referrers/{subject.Digest}")).Headers.Contains("Link");
        }, new RegistryOptions { ReferrersPageSize = 1 });
        yield return new("referrers-invalid-digest-accepted", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/sha256:short")).StatusCode == 400);
        yield return new("subject-no-oci-subject-header", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var subject = await r.PushImageAsync(repo);
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), "application/vnd.oci.empty.v1+json");
            var response = await r.PutManifestAsync(repo, "sig", TestRegistry.ImageManifest(config, [], subject.Descriptor, Sbom), TestRegistry.ImageManifestType);
            return TestRegistry.Header(response, "OCI-Subject") == subject.Digest;
        });
        yield return new("token-ignores-scope", async r =>
        {
            var token = await AuthTests.TokenAsync(r, "alice", "secret", "repository:granted/repo:pull,push");
            var response = await r.SendAsync(HttpMethod.Get, "/v2/other/repo/tags/list", configure: m => m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
            return (int)response.StatusCode is 401 or 403;
        }, new RegistryOptions { Auth = RegistryAuthMode.Token, Users = [new RegistryUser("alice", "secret", ["pull", "push"])] });
        yield return new("unknown-token-accepted", async r =>
            (int)(await r.SendAsync(HttpMethod.Get, $"/v2/{TestRegistry.NewRepo()}/tags/list", configure: m => m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "made-up"))).StatusCode is 401 or 403,
            AuthTests.TokenAuth);
        yield return new("repository-challenge-missing", async r =>
            (await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/")).Headers.WwwAuthenticate.Count > 0, AuthTests.TokenAuth);
        yield return new("challenge-without-scope", async r =>
            (await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/")).Headers.WwwAuthenticate.ToString().Contains("scope=\"repository:", StringComparison.Ordinal),
            AuthTests.TokenAuth);
        yield return new("unauthorized-as-denied", async r => await TestRegistry.ErrorCodeAsync(await r.GetAsync("/v2/")) == "UNAUTHORIZED", AuthTests.TokenAuth);
        yield return new("offline-token-only-refresh", async r =>
            (await TestRegistry.JsonAsync(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", AuthTests.WriterBasic, "&offline_token=true")))["token"] is not null,
            AuthTests.TokenAuth);
        yield return new("access-token-differs", async r =>
        {
            var answer = await TestRegistry.JsonAsync(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", AuthTests.WriterBasic));
            return answer["token"]!.GetValue<string>() == answer["access_token"]!.GetValue<string>();
        }, AuthTests.TokenAuth);
        yield return new("token-short-lived", async r =>
            (await TestRegistry.JsonAsync(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", AuthTests.WriterBasic)))["expires_in"]!.GetValue<int>() >= 60,
            AuthTests.TokenAuth);
        yield return new("issued-at-unix-seconds", async r =>
            DateTimeOffset.TryParseExact((await TestRegistry.JsonAsync(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", AuthTests.WriterBasic)))["issued_at"]!.GetValue<string>(),
                "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _),
            AuthTests.TokenAuth);
        yield return new("partial-scope-refused", async r =>
            (int)(await AuthTests.GetTokenAsync(r, "repository:a/b:pull,push", AuthTests.ReaderBasic)).StatusCode == 200, AuthTests.TokenAuth);
        yield return new("wrong-password-accepted", async r =>
            (int)(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", AuthTests.Basic("writer", "wrong"))).StatusCode == 401, AuthTests.TokenAuth);
        yield return new("anonymous-token-refused", async r =>
            (int)(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", credentials: null)).StatusCode == 200, AuthTests.TokenAuth);
        yield return new("oauth-post-unsupported", async r =>
            (int)(await AuthTests.PasswordGrantAsync(r, "repository:a/b:pull")).StatusCode == 200, AuthTests.TokenAuth);
        yield return new("oauth-answer-without-scope", async r =>
            (await TestRegistry.JsonAsync(await AuthTests.PasswordGrantAsync(r, "repository:a/b:pull")))["scope"] is not null, AuthTests.TokenAuth);
        yield return new("refresh-token-withheld", async r =>
            (await TestRegistry.JsonAsync(await AuthTests.GetTokenAsync(r, "repository:a/b:pull", AuthTests.WriterBasic, "&offline_token=true")))["refresh_token"] is not null,
            AuthTests.TokenAuth);
        yield return new("refresh-grant-refused", async r =>
        {
            var refreshToken = (await TestRegistry.JsonAsync(await AuthTests.PasswordGrantAsync(r, "repository:a/b:pull", offline: true)))["refresh_token"]!.GetValue<string>();
            return (int)(await AuthTests.PostTokenAsync(r, ("grant_type", "refresh_token"), ("refresh_token", refreshToken))).StatusCode == 200;
        }, AuthTests.TokenAuth);
        yield return new("name-invalid-accepted", async r =>
            await TestRegistry.ErrorCodeAsync(await r.GetAsync("/v2/Upper-Case/blobs/" + TestRegistry.DigestOf([1]))) == "NAME_INVALID");
        yield return new("manifest-content-type-parameters", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return (await r.GetAsync($"/v2/{repo}/manifests/v1")).Content.Headers.ContentType?.ToString() == TestRegistry.ImageManifestType;
        });
        yield return new("oras-no-api-version", async r =>
            TestRegistry.Header(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/_oras/artifacts/referrers?digest={TestRegistry.DigestOf([1])}"), "ORAS-Api-Version") == "oras/1.0",
            new RegistryOptions { OrasArtifacts = true });
        yield return new("name-double-underscore-refused", async r =>
            (int)(await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/a__b/blobs/uploads/")).StatusCode == 202);
        yield return new("tag-edge-refused", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var pushed = await r.PushImageAsync(repo, tag: null);
            return (int)(await r.PutManifestAsync(repo, "_edge", pushed.Bytes, pushed.MediaType)).StatusCode == 201;
        });
        yield return new("tags-link-malformed", async r =>
        {
            var repo = await Tagged(r, "a", "b", "c");
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/tags/list?n=2"), "Link")?.EndsWith("; rel=\"next\"", StringComparison.Ordinal) == true;
        });
        yield return new("sha512-unsupported", async r =>
        {
            var bytes = new byte[] { 5, 1, 2 };
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            var response = await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={TestRegistry.Sha512Of(bytes)}"), TestRegistry.Octets(bytes));
            return (int)response.StatusCode == 201;
        });
        yield return new("manifest-get-by-tag-404", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return (int)(await r.GetAsync($"/v2/{repo}/manifests/v1")).StatusCode == 200;
        });
        yield return new("manifest-get-by-digest-404", async r =>
        {
            var (repo, body, _) = await PutImage(r);
            return (int)(await r.GetAsync($"/v2/{repo}/manifests/{TestRegistry.DigestOf(body)}")).StatusCode == 200;
        });
        yield return new("manifest-head-404", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return (int)(await r.HeadAsync($"/v2/{repo}/manifests/v1")).StatusCode == 200;
        });
        yield return new("blob-get-404", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            return (int)(await r.GetAsync($"/v2/{repo}/blobs/{digest}")).StatusCode == 200;
        });
        yield return new("head-unknown-wrong-status", async r =>
            (int)(await r.HeadAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([1])}")).StatusCode == 404);
        yield return new("repository-unknown-wrong-status", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/manifests/latest")).StatusCode == 404);
        yield return new("tags-last-without-n-ignored", async r => (await Tags(r, "?last=b", "a", "b", "c")).SequenceEqual(["c"]));
        yield return new("tags-list-missing-tag", async r => (await Tags(r, "", "a", "b", "c")).SequenceEqual(["a", "b", "c"]));
        yield return new("tags-list-not-found", async r =>
            (int)(await r.GetAsync($"/v2/{await Tagged(r, "a")}/tags/list")).StatusCode == 200);
        yield return new("tags-n-refused", async r =>
            (int)(await r.GetAsync($"/v2/{await Tagged(r, "a", "b")}/tags/list?n=1")).StatusCode == 200);
        yield return new("tags-page-reversed", async r => (await Tags(r, "?n=2", "a", "b", "c")).SequenceEqual(["a", "b"]));
        yield return new("error-code-lowercase", async r =>
            await TestRegistry.ErrorCodeAsync(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([1])}")) == "BLOB_UNKNOWN");
        yield return new("error-message-not-text", async r =>
        {
            var json = await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/blobs/{TestRegistry.DigestOf([1])}"));
            return json["errors"]![0]!["message"]!.GetValueKind() == System.Text.Json.JsonValueKind.String;
        });
        yield return new("error-body-gzip-labelled-deflate", async r => IsErrorBody(await UnknownManifestBody(r)));
        yield return new("error-message-raw-bytes", async r => IsErrorBody(await UnknownManifestBody(r)));
        yield return new("tags-list-unprintable-tag", async r => (await Tags(r, "", "a", "b")).SequenceEqual(["a", "b"]));
        yield return new("manifest-digest-header-unprintable", async r =>
        {
            var (repo, body, _) = await PutImage(r);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/manifests/v1"), "Docker-Content-Digest") == TestRegistry.DigestOf(body);
        });
        yield return new("warning-header-wrong-code", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/manifests/v1"), "Warning")?.StartsWith("299 ", StringComparison.Ordinal) != false;
        });
        yield return new("warning-header-dated", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/manifests/v1"), "Warning")?.EndsWith("GMT\"", StringComparison.Ordinal) != true;
        });
        yield return new("blob-delete-wrong-status", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            return (int)(await r.DeleteAsync($"/v2/{repo}/blobs/{digest}")).StatusCode == 202;
        });
        yield return new("blob-delete-unknown-accepted", async r =>
        {
            var (repo, _, _) = await Blob(r);
            return (int)(await r.DeleteAsync($"/v2/{repo}/blobs/{TestRegistry.DigestOf([1])}")).StatusCode == 404;
        });
        yield return new("manifest-delete-wrong-status", ManifestDeleteAccepted);
        yield return new("manifest-delete-repo-unknown-accepted", async r =>
            (int)(await r.DeleteAsync($"/v2/{TestRegistry.NewRepo()}/manifests/{TestRegistry.DigestOf([1])}")).StatusCode == 404);
        yield return new("manifest-delete-unknown-accepted", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return (int)(await r.DeleteAsync($"/v2/{repo}/manifests/{TestRegistry.DigestOf([1])}")).StatusCode == 404;
        });
        yield return new("tags-unknown-repository-listed", async r => (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/tags/list")).StatusCode == 404);
        yield return new("error-name-unknown-as-manifest-unknown", async r =>
            (await (await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/tags/list")).Content.ReadAsStringAsync()).Contains("NAME_UNKNOWN", StringComparison.Ordinal));
        yield return new("upload-status-after-end", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            await r.SendAsync(HttpMethod.Delete, location);
            return (int)(await r.SendAsync(HttpMethod.Get, location)).StatusCode == 404;
        });
        yield return new("tag-delete-keeps-tag", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            await r.DeleteAsync($"/v2/{repo}/manifests/v1");
            return (int)(await r.GetAsync($"/v2/{repo}/manifests/v1")).StatusCode == 404;
        });
        yield return new("referrers-artifact-type-not-from-config", async r =>
            (await Listed(r, (repo, subject) => r.PushImageAsync(repo, null, subject.Descriptor)))[0]!["artifactType"]?.GetValue<string>() == TestRegistry.ConfigType);
        yield return new("referrers-index-artifact-type-invented", async r =>
            (await Listed(r, (repo, subject) => r.PushManifestAsync(repo, null, TestRegistry.Index([subject.Descriptor], subject.Descriptor), TestRegistry.IndexType)))
                .All(e => e!["artifactType"] is null));
        yield return new("referrers-index-unlisted", async r =>
            (await Listed(r, (repo, subject) => r.PushManifestAsync(repo, null, TestRegistry.Index([subject.Descriptor], subject.Descriptor), TestRegistry.IndexType))).Count == 1);
        yield return new("referrers-empty-lists-subject", async r =>
            (await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}")))["manifests"]!.AsArray().Count == 0);
        yield return new("referrers-empty-not-index", async r =>
            (await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}")))["schemaVersion"] is not null);
        yield return new("referrers-wrong-status", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}")).StatusCode == 200);
        yield return new("referrers-link-malformed", async r =>
        {
            var (repo, subject) = await Referred(r, 2, annotated: false);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/referrers/{subject.Digest}"), "Link")?.StartsWith('<') == true;
        }, new RegistryOptions { ReferrersPageSize = 1 });
        yield return new("referrers-filter-refused", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}?artifactType={Uri.EscapeDataString(Sbom)}")).StatusCode == 200);
        yield return new("referrers-filter-unsupported", async r =>
            TestRegistry.Header(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/{TestRegistry.DigestOf([1])}?artifactType={Uri.EscapeDataString(Sbom)}"), "OCI-Filters-Applied") == "artifactType");
        yield return new("artifact-manifest-unlisted", async r =>
            (await Listed(r, (repo, subject) => r.PushManifestAsync(repo, null, Artifact(ArtifactManifestType, subject, null), ArtifactManifestType))).Count == 1,
            new RegistryOptions { ArtifactManifest = true });
        yield return new("fallback-tag-refused", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var subject = await r.PushImageAsync(repo);
            return (int)(await r.PutManifestAsync(repo, FallbackTag(subject), TestRegistry.Index([subject.Descriptor]), TestRegistry.IndexType)).StatusCode == 201;
        });
        yield return new("fallback-tag-not-moved", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var subject = await r.PushImageAsync(repo);
            await r.PushManifestAsync(repo, FallbackTag(subject), TestRegistry.Index([subject.Descriptor]), TestRegistry.IndexType);
            var moved = await r.PushManifestAsync(repo, FallbackTag(subject), TestRegistry.Index([subject.Descriptor], artifactType: Sbom), TestRegistry.IndexType);
            return TestRegistry.Header(await r.GetAsync($"/v2/{repo}/manifests/{FallbackTag(subject)}"), "Docker-Content-Digest") == moved.Digest;
        });
        yield return new("oras-pages-refused", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/_oras/artifacts/referrers?digest={TestRegistry.DigestOf([1])}&nextToken=0")).StatusCode == 200,
            new RegistryOptions { OrasArtifacts = true });
        yield return new("oras-endpoint-missing", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/_oras/artifacts/referrers?digest={TestRegistry.DigestOf([1])}")).StatusCode == 200,
            new RegistryOptions { OrasArtifacts = true });
        yield return new("oras-oldest-first", async r =>
        {
            var dates = await OrasListed(r, "", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
            return dates.SequenceEqual(["2024-02-01T00:00:00Z", "2024-01-01T00:00:00Z"]);
        }, new RegistryOptions { OrasArtifacts = true });
        yield return new("oras-oldest-unlisted", async r => (await OrasListed(r, "", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")).Count == 2,
            new RegistryOptions { OrasArtifacts = true });
        yield return new("oras-filter-ignored", async r =>
            (await OrasListed(r, $"&artifactType={Uri.EscapeDataString("application/other")}", "2024-01-01T00:00:00Z")).Count == 0,
            new RegistryOptions { OrasArtifacts = true });
        yield return new("upload-cancel-wrong-status", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            return (int)(await r.SendAsync(HttpMethod.Delete, location)).StatusCode == 204;
        });
        yield return new("upload-put-invalid-digest-404", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            return (int)(await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, "digest=sha256:not-a-digest"), TestRegistry.Octets([1]))).StatusCode == 400;
        });
        yield return new("single-post-no-location", async r =>
        {
            var bytes = new byte[] { 4, 2 };
            var response = await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?digest={TestRegistry.DigestOf(bytes)}", TestRegistry.Octets(bytes));
            return (int)response.StatusCode == 201 && response.Headers.Location is not null;
        });
        yield return new("manifest-content-type-params-refused", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
            var response = await r.PutManifestAsync(repo, "v1", TestRegistry.ImageManifest(config, []), TestRegistry.ImageManifestType + "; charset=utf-8");
            return (int)response.StatusCode == 201;
        });
        yield return new("tag-param-ignored", async r =>
        {
            var (repo, _) = await PutWithTagParams(r, 1);
            return (int)(await r.GetAsync($"/v2/{repo}/manifests/t1")).StatusCode == 200;
        });
        yield return new("tag-param-max-nine", async r =>
        {
            var (repo, _) = await PutWithTagParams(r, 10);
            return (int)(await r.GetAsync($"/v2/{repo}/manifests/t10")).StatusCode == 200;
        });
        yield return new("tag-param-no-oci-tag-header", async r =>
            TestRegistry.Header((await PutWithTagParams(r, 1)).Response, "OCI-Tag") == "t1");
        yield return new("subject-missing-refused", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
            var missing = new Desc(TestRegistry.ImageManifestType, TestRegistry.DigestOf([8]), 1);
            return (int)(await r.PutManifestAsync(repo, "sig", TestRegistry.ImageManifest(config, [], missing, Sbom), TestRegistry.ImageManifestType)).StatusCode == 201;
        });
        yield return new("oras-subject-missing-accepted", async r =>
        {
            const string orasType = "application/vnd.cncf.oras.artifact.manifest.v1+json";
            var missing = new Desc(TestRegistry.ImageManifestType, TestRegistry.DigestOf([8]), 1);
            var body = Encoding.UTF8.GetBytes($"{{\"mediaType\":\"{orasType}\",\"artifactType\":\"{Sbom}\",\"subject\":{missing.ToJson().ToJsonString()}}}");
            return (int)(await r.PutManifestAsync(TestRegistry.NewRepo(), TestRegistry.DigestOf(body), body, orasType)).StatusCode == 400;
        }, new RegistryOptions { OrasArtifacts = true });
        yield return new("manifest-limit-one-mib", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
            var padding = new Dictionary<string, string> { ["org.example.padding"] = new string('x', 2 * 1024 * 1024) };
            return (int)(await r.PutManifestAsync(repo, "big", TestRegistry.ImageManifest(config, [], annotations: padding), TestRegistry.ImageManifestType)).StatusCode == 201;
        });
        yield return new("artifact-manifest-refused", async r =>
        {
            const string artifactType = "application/vnd.oci.artifact.manifest.v1+json";
            var body = Encoding.UTF8.GetBytes($"{{\"mediaType\":\"{artifactType}\",\"artifactType\":\"{Sbom}\"}}");
            return (int)(await r.PutManifestAsync(TestRegistry.NewRepo(), "a", body, artifactType)).StatusCode == 201;
        }, new RegistryOptions { ArtifactManifest = true });
        yield return new("oras-manifest-refused", async r =>
        {
            const string orasType = "application/vnd.cncf.oras.artifact.manifest.v1+json";
            var body = Encoding.UTF8.GetBytes($"{{\"mediaType\":\"{orasType}\",\"artifactType\":\"{Sbom}\"}}");
            return (int)(await r.PutManifestAsync(TestRegistry.NewRepo(), "a", body, orasType)).StatusCode == 201;
        }, new RegistryOptions { OrasArtifacts = true });
        yield return new("object-manifest-refused", async r =>
            (int)(await r.PutManifestAsync(TestRegistry.NewRepo(), "o", ObjectManifest("""{"type":"org.example.empty","version":"1"}"""), ObjectManifestType)).StatusCode == 201,
            new RegistryOptions { ObjectManifest = true });
        yield return new("object-untyped-components-resolved", async r =>
        {
            var absent = TestRegistry.DigestOf([9, 9]);
            var body = ObjectManifest($$$"""{"type":"org.example.bundle","version":"1","components":[{"ctype":"org.example.foreign","descriptor":{"mediaType":"{{{TestRegistry.LayerType}}}","digest":"{{{absent}}}","size":2}}]}""");
            return (int)(await r.PutManifestAsync(TestRegistry.NewRepo(), "o", body, ObjectManifestType)).StatusCode == 201;
        }, new RegistryOptions { ObjectManifest = true });
        yield return new("mount-fallback-no-location", async r =>
            (await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?mount={TestRegistry.DigestOf([1])}")).Headers.Location is not null);
        yield return new("upload-post-wrong-status", async r =>
            (int)(await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/")).StatusCode == 202);
        yield return new("upload-patch-wrong-status", async r =>
            (int)(await Patch(r, await r.StartUploadAsync(TestRegistry.NewRepo()), new byte[10], "0-9")).StatusCode == 202);
        yield return new("chunk-short-final-refused", async r =>
        {
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            await Patch(r, location, new byte[10], "0-9");
            return (int)(await Patch(r, location, new byte[3], "10-12")).StatusCode == 202;
        });
        yield return new("chunk-final-put-body-refused", async r =>
        {
            var bytes = TestRegistry.RandomBytes(20);
            var location = await r.StartUploadAsync(TestRegistry.NewRepo());
            await Patch(r, location, bytes[..10], "0-9");
            return (int)(await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={TestRegistry.DigestOf(bytes)}"), TestRegistry.Octets(bytes[10..]))).StatusCode == 201;
        });
        yield return new("upload-status-wrong-status", async r =>
            (int)(await r.GetAsync(await r.StartUploadAsync(TestRegistry.NewRepo()))).StatusCode == 204);
        yield return new("upload-session-reused", async r =>
        {
            var repo = TestRegistry.NewRepo();
            return await r.StartUploadAsync(repo) != await r.StartUploadAsync(repo);
        });
        yield return new("single-post-unsupported", async r =>
        {
            var bytes = TestRegistry.RandomBytes(30);
            var repo = TestRegistry.NewRepo();
            var post = await r.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={TestRegistry.DigestOf(bytes)}", TestRegistry.Octets(bytes));
            return (int)post.StatusCode == 201 && (int)(await r.GetAsync($"/v2/{repo}/blobs/{TestRegistry.DigestOf(bytes)}")).StatusCode == 200;
        });
        yield return new("single-post-wrong-status", async r =>
        {
            var bytes = TestRegistry.RandomBytes(30);
            return (int)(await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?digest={TestRegistry.DigestOf(bytes)}", TestRegistry.Octets(bytes))).StatusCode is 201 or 202;
        });
        yield return new("mount-missing-blob-400", async r =>
        {
            var source = TestRegistry.NewRepo();
            await r.PushBlobAsync(source, [7]);
            return (int)(await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?mount={TestRegistry.DigestOf([1, 2])}&from={source}")).StatusCode == 202;
        });
        yield return new("mount-without-from-phantom", async r =>
        {
            var digest = await r.PushBlobAsync(TestRegistry.NewRepo(), [4, 5, 6, 7]);
            var target = TestRegistry.NewRepo();
            var mount = await r.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={digest}");
            return (int)mount.StatusCode == 201 && (int)(await r.GetAsync($"/v2/{target}/blobs/{digest}")).StatusCode == 200;
        }, new RegistryOptions { MountWithoutFrom = true });
        yield return new("mount-without-from-ignored", async r =>
        {
            var digest = await r.PushBlobAsync(TestRegistry.NewRepo(), [4, 5, 6, 8]);
            return (int)(await r.SendAsync(HttpMethod.Post, $"/v2/{TestRegistry.NewRepo()}/blobs/uploads/?mount={digest}")).StatusCode == 201;
        }, new RegistryOptions { MountWithoutFrom = true });
        yield return new("manifest-empty-refused", async r =>
            (int)(await r.PutManifestAsync(TestRegistry.NewRepo(), "empty", TestRegistry.Index([]), TestRegistry.IndexType)).StatusCode == 201);
        yield return new("manifest-put-by-digest-refused", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
            var body = TestRegistry.ImageManifest(config, []);
            return (int)(await r.PutManifestAsync(repo, TestRegistry.DigestOf(body), body, TestRegistry.ImageManifestType)).StatusCode == 201;
        });
        yield return new("tag-param-wrong-status", async r => (int)(await PutWithTagParams(r, 2)).Response.StatusCode == 201);
        yield return new("manifest-delete-unsupported", ManifestDeleteAccepted);
        yield return new("blob-head-404", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            return (int)(await r.HeadAsync($"/v2/{repo}/blobs/{digest}")).StatusCode == 200;
        });
        yield return new("referrers-invalid-digest-crash", async r =>
            (int)(await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/referrers/sha256:not-a-digest")).StatusCode == 400);
        yield return new("head-with-body", async r =>
        {
            var (repo, digest, _) = await Blob(r);
            var (manifestRepo, body, _) = await PutImage(r);
            return await NothingFollowsHeadAsync(r, $"/v2/{repo}/blobs/{digest}")
                && await NothingFollowsHeadAsync(r, $"/v2/{manifestRepo}/manifests/{TestRegistry.DigestOf(body)}");
        });
        yield return new("manifest-head-wrong-length", async r =>
        {
            var (repo, body, _) = await PutImage(r);
            return (await r.HeadAsync($"/v2/{repo}/manifests/v1")).Content.Headers.ContentLength == body.Length;
        });
        yield return new("manifest-get-false-encoding", async r =>
        {
            var (repo, _, _) = await PutImage(r);
            return (await r.GetAsync($"/v2/{repo}/manifests/v1")).Content.Headers.ContentEncoding.Count == 0;
        });
        yield return new("malformed-digest-crash", async r =>
        {
            var repo = TestRegistry.NewRepo();
            await r.PushImageAsync(repo);
            var manifest = await r.HeadAsync($"/v2/{repo}/manifests/sha256:not-a-digest");
            var blob = await r.DeleteAsync($"/v2/{repo}/blobs/sha256:");
            return (int)manifest.StatusCode is 400 or 404 && (int)blob.StatusCode is 400 or 404 or 405;
        });
        yield return new("tag-invalid-accepted", async r =>
        {
            var repo = TestRegistry.NewRepo();
            var pushed = await r.PushImageAsync(repo, tag: null);
            var put = await r.PutManifestAsync(repo, "-lead", pushed.Bytes, pushed.MediaType);
            var get = await r.GetAsync($"/v2/{repo}/manifests/-lead");
            return !put.IsSuccessStatusCode && (int)get.StatusCode == 404;
        });
        yield return new("chunk-corrupt-at-offset", async r =>
        {
            // Two chunks of 16 bytes; the fault flips byte 20, in the second.
            var repo = TestRegistry.NewRepo();
            var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
            var location = await r.StartUploadAsync(repo);
            location = (await Patch(r, location, bytes[..16], "0-15")).Headers.Location!.ToString();
            location = (await Patch(r, location, bytes[16..], "16-31")).Headers.Location!.ToString();
            var digest = TestRegistry.DigestOf(bytes);
            var close = await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={digest}"));
            var served = await (await r.GetAsync($"/v2/{repo}/blobs/{digest}")).Content.ReadAsByteArrayAsync();
            return (int)close.StatusCode != 201 || served.SequenceEqual(bytes);
        }, new RegistryOptions { CorruptOffset = 20 });
        yield return new("tags-duplicated-across-pages", async r =>
        {
            var repo = await Tagged(r, [.. Enumerable.Range(0, 101).Select(i => $"t{i:D3}")]);
            var page = await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{repo}/tags/list?n=5&last=t049"));
            return page["tags"]!.AsArray().Select(t => t!.GetValue<string>()).SequenceEqual(["t050", "t051", "t052", "t053", "t054"]);
        });
        yield return new("concurrent-write-lost", async r =>
        {
            // Three sessions open at once; the first to complete commits while the other two are still open.
            var repo = TestRegistry.NewRepo();
            var locations = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                locations.Add(await r.StartUploadAsync(repo));
            }

            byte[] bytes = [7, 7, 7];
            var put = await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(locations[0], $"digest={TestRegistry.DigestOf(bytes)}"), TestRegistry.Octets(bytes));
            return (int)put.StatusCode == 201 && (int)(await r.GetAsync($"/v2/{repo}/blobs/{TestRegistry.DigestOf(bytes)}")).StatusCode == 200;
        });
    }

    /// <summary>
    /// Whether, on the wire, the next bytes after a HEAD answer's header section are the status line of the next
    /// answer: HttpClient would drop stray bytes, so this reads the socket itself.
    /// </summary>
    private static async Task<bool> NothingFollowsHeadAsync(TestRegistry r, string path)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(r.Server.BaseAddress.Host, r.Server.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var host = r.Server.BaseAddress.Authority;
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HEAD {path} HTTP/1.1\r\nHost: {host}\r\n\r\nGET /v2/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(received, timeout.Token);
        var text = Encoding.Latin1.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && end > 0 && text[(end + 4)..].StartsWith("HTTP/1.1 ", StringComparison.Ordinal);
    }

    private const string ArtifactManifestType = "application/vnd.oci.artifact.manifest.v1+json";
    private const string OrasManifestType = "application/vnd.cncf.oras.artifact.manifest.v1+json";
    private const string ObjectManifestType = "application/vnd.oci.object.manifest.v1+json";

    /// <summary>A generic object manifest (draft) holding the one object given as JSON.</summary>
    private static byte[] ObjectManifest(string objectJson) =>
        Encoding.UTF8.GetBytes($$"""{"schemaVersion":1,"mediaType":"{{ObjectManifestType}}","objects":[{{objectJson}}]}""");

    private static string FallbackTag(Pushed subject) => subject.Digest.Replace(':', '-');

    private static byte[] Artifact(string mediaType, Pushed subject, string? created)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["mediaType"] = mediaType, ["artifactType"] = Sbom, ["subject"] = subject.Descriptor.ToJson() };
        if (created is not null)
        {
            body["annotations"] = new System.Text.Json.Nodes.JsonObject { ["io.cncf.oras.artifact.created"] = created };
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>Pushes a subject and one referrer made by <paramref name="push"/>, then lists the subject's OCI referrers.</summary>
    private static async Task<System.Text.Json.Nodes.JsonArray> Listed(TestRegistry r, Func<string, Pushed, Task<Pushed>> push)
    {
        var repo = TestRegistry.NewRepo();
        var subject = await r.PushImageAsync(repo);
        await push(repo, subject);
        return (await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{repo}/referrers/{subject.Digest}")))["manifests"]!.AsArray();
    }

    /// <summary>Pushes ORAS artifacts with the given creation dates (null: undated) and returns the dates listed, in order.</summary>
    private static async Task<List<string?>> OrasListed(TestRegistry r, string query, params string?[] created)
    {
        var repo = TestRegistry.NewRepo();
        var subject = await r.PushImageAsync(repo);
        foreach (var date in created)
        {
            await r.PushManifestAsync(repo, null, Artifact(OrasManifestType, subject, date), OrasManifestType);
        }

        var json = await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{repo}/_oras/artifacts/referrers?digest={subject.Digest}{query}"));
        return [.. json["referrers"]!.AsArray().Select(e => e!["annotations"]?["io.cncf.oras.artifact.created"]?.GetValue<string>())];
    }

    /// <summary>PUT of an image manifest by digest with tag=t1..t<paramref name="count"/>.</summary>
    private static async Task<(string Repo, HttpResponseMessage Response)> PutWithTagParams(TestRegistry r, int count)
    {
        var repo = TestRegistry.NewRepo();
        var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        var tags = string.Join('&', Enumerable.Range(1, count).Select(i => $"tag=t{i}"));
        return (repo, await r.PutManifestAsync(repo, $"{TestRegistry.DigestOf(body)}?{tags}", body, TestRegistry.ImageManifestType));
    }

    private static async Task<HttpResponseMessage> PutBlob(TestRegistry r, string repo, byte[] bytes)
    {
        var location = await r.StartUploadAsync(repo);
        return await r.SendAsync(HttpMethod.Put, TestRegistry.WithQuery(location, $"digest={TestRegistry.DigestOf(bytes)}"), TestRegistry.Octets(bytes));
    }

    private static Task<HttpResponseMessage> Patch(TestRegistry r, string location, byte[] chunk, string range) =>
        r.SendAsync(HttpMethod.Patch, location, TestRegistry.Octets(chunk), m => m.Content!.Headers.TryAddWithoutValidation("Content-Range", range));

    private static async Task<(string Repo, string Digest, byte[] Bytes)> Blob(TestRegistry r)
    {
        var repo = TestRegistry.NewRepo();
        var bytes = TestRegistry.RandomBytes(257);
        return (repo, await r.PushBlobAsync(repo, bytes), bytes);
    }

    private static async Task<(string Repo, byte[] Body, HttpResponseMessage Response)> PutImage(TestRegistry r)
    {
        var repo = TestRegistry.NewRepo();
        var config = await r.PushBlobDescAsync(repo, Encoding.UTF8.GetBytes("{\"a\":1}"), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        return (repo, body, await r.PutManifestAsync(repo, "v1", body, TestRegistry.ImageManifestType));
    }

    /// <summary>A manifest of 2 KiB pushed to a registry whose limit is 1 KiB (the probes' options) is refused with 413.</summary>
    private static async Task<bool> OversizeRefusedWith413(TestRegistry r)
    {
        var repo = TestRegistry.NewRepo();
        var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var padded = TestRegistry.ImageManifest(config, [], annotations: new Dictionary<string, string> { ["pad"] = new string('p', 2048) });
        return (int)(await r.PutManifestAsync(repo, "big", padded, TestRegistry.ImageManifestType)).StatusCode == 413;
    }

    private static async Task<bool> ManifestDeleteAccepted(TestRegistry r)
    {
        var (repo, body, _) = await PutImage(r);
        return (int)(await r.DeleteAsync($"/v2/{repo}/manifests/{TestRegistry.DigestOf(body)}")).StatusCode == 202;
    }

    private static async Task<string> Tagged(TestRegistry r, params string[] tags)
    {
        var repo = TestRegistry.NewRepo();
        var config = await r.PushBlobDescAsync(repo, "{}"u8.ToArray(), TestRegistry.ConfigType);
        var body = TestRegistry.ImageManifest(config, []);
        foreach (var tag in tags)
        {
            await r.PushManifestAsync(repo, tag, body, TestRegistry.ImageManifestType);
        }

        return repo;
    }

    /// <summary>The body of a 404 for an unknown manifest, its content coding undone as its Content-Encoding names it; null when that fails.</summary>
    private static async Task<byte[]?> UnknownManifestBody(TestRegistry r)
    {
        var response = await r.GetAsync($"/v2/{TestRegistry.NewRepo()}/manifests/absent");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.Content.Headers.ContentEncoding.Contains("deflate"))
        {
            return bytes;
        }

        try
        {
            await using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var decoded = new MemoryStream();
            await zlib.CopyToAsync(decoded);
            return decoded.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Whether the bytes are JSON (strict: UTF-8, no raw control characters) holding an errors array.</summary>
    private static bool IsErrorBody(byte[]? bytes)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(bytes);
            return document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == System.Text.Json.JsonValueKind.Array;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static async Task<List<string>> Tags(TestRegistry r, string query, params string[] tags)
    {
        var repo = await Tagged(r, tags);
        var json = await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{repo}/tags/list{query}"));
        return [.. json["tags"]!.AsArray().Select(t => t!.GetValue<string>())];
    }

    private static async Task<(string Repo, Pushed Subject)> Referred(TestRegistry r, int count, bool annotated)
    {
        var repo = TestRegistry.NewRepo();
        var subject = await r.PushImageAsync(repo);
        var annotations = annotated ? new Dictionary<string, string> { ["org.example.note"] = "kept" } : null;
        for (var i = 0; i < count; i++)
        {
            await r.PushImageAsync(repo, null, subject.Descriptor, Sbom, annotations);
        }

        return (repo, subject);
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> Entries(TestRegistry r, int count)
    {
        var (repo, subject) = await Referred(r, count, annotated: true);
        var entries = (await TestRegistry.JsonAsync(await r.GetAsync($"/v2/{repo}/referrers/{subject.Digest}")))["manifests"]!.AsArray();
        Assert.That(entries, Has.Count.EqualTo(count));
        return entries;
    }
}
