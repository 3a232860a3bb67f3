using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>
/// A manifest PUT as the client sent it: the repository, the digest when the URL names one, the request's
/// Content-Type, the body, and the tags it asks for (the URL's tag, or the <c>tag=</c> parameters of a PUT by digest).
/// </summary>
internal sealed record ManifestPush(string Repository, Digest? Digest, string? ContentType, byte[] Body, IReadOnlyList<string> Tags);

/// <summary>Decides whether a pushed manifest is one this registry takes, what it is, and the digest it is stored under.</summary>
internal interface IManifestAdmission
{
    /// <summary>Reads the body as the manifest format the push names; an error when it is not one this registry accepts.</summary>
    (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push);

    /// <summary>The digest the manifest is stored under: the URL's, which must be the body's, else the body's sha256.</summary>
    (Digest? Digest, RegistryError? Error) Identify(ManifestPush push);
}

internal sealed class ManifestAdmission(RegistryOptions options) : IManifestAdmission
{
    public (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push) =>
        ManifestParser.Parse(push.Body, MediaTypes.Essence(push.ContentType), options);

    public (Digest? Digest, RegistryError? Error) Identify(ManifestPush push)
    {
        var actual = Digest.Compute(push.Digest?.Algorithm ?? Digest.Sha256, push.Body);
        return push.Digest is null || actual == push.Digest
            ? (actual, null)
            : (null, new RegistryError(400, ErrorCode.DigestInvalid, "manifest body does not match the digest in the URL",
                new { expected = push.Digest.ToString(), actual = actual.ToString() }));
    }
}
