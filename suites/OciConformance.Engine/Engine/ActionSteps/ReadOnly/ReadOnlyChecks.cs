using System.Globalization;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.ReadOnly;

/// <summary>What the read-only actions ask of every answer: digests, lengths and the HEAD rules shared by manifests and blobs.</summary>
internal static class ReadOnlyChecks
{
    /// <summary>Whether <paramref name="digest"/> is the sha256 or sha512 digest of the bytes (the suite computes no other algorithm).</summary>
    public static bool IsDigestOf(ContentDigests digests, string digest) =>
        digest == digests.Sha256.ToString() || digest == digests.Sha512.ToString();

    public static long? ContentLength(RegistryResponse response) =>
        long.TryParse(response.Headers.Get("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;

    /// <summary>"1 manifest", "3 manifests": a count as the case's message reads it.</summary>
    public static string Count(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";

    public static string Bytes(long? size) => size is { } n ? $"{n.ToString(CultureInfo.InvariantCulture)} bytes" : "an unknown size";

    /// <summary>
    /// A HEAD of content the registry holds answers 200 with no body, names the content's digest in
    /// Docker-Content-Digest and its size in Content-Length; <paramref name="size"/> null means the size is not known
    /// beforehand, so only its presence is asked for.
    /// </summary>
    public static async Task<RegistryResponse> HeadAsync(CaseRun run, Uri url, string what, string digest, long? size, IReadOnlyList<KeyValuePair<string, string>> headers, HeadCheckKeys keys, CancellationToken cancellationToken)
    {
        var head = await run.SendAsync(new RegistryRequest(HttpMethod.Head, url) { Headers = headers }, cancellationToken);
        if (!run.Check(keys.Status, head.Status == 200 && head.Body.Length == 0, $"HEAD of {what} answers 200 without a body", "200, no body",
            $"{ExpectationEvaluator.StatusLine(head)}{(head.Body.Length > 0 ? $", {head.Body.Length} bytes of body" : "")}", head))
        {
            return head;
        }

        var named = head.Headers.Get("Docker-Content-Digest");
        run.Check(keys.Digest, named == digest, $"HEAD of {what} names its digest in Docker-Content-Digest", digest, named ?? "absent", head);
        var length = ContentLength(head);
        run.Check(keys.Length, size is null ? length is not null : length == size, $"HEAD of {what} states its size in Content-Length",
            size is null ? "a Content-Length" : Bytes(size), length is null ? "absent" : Bytes(length), head);
        return head;
    }
}

/// <summary>The check keys under which an action records the HEAD rules.</summary>
internal sealed record HeadCheckKeys(ActionCheck Status, ActionCheck Digest, ActionCheck Length);
