using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

/// <summary>The manifest pushes the manifest faults pick out.</summary>
internal static class ManifestPushes
{
    public static bool IsPut(Exchange x) => x.Is(RouteKind.Manifest, HttpMethods.Put);

    public static bool IsStored(Exchange x) => IsPut(x) && x.Status == 201;
}

internal sealed class ManifestPutWrongStatus() : RegistryFault(
    "manifest-put-wrong-status",
    "Manifest PUT answers 200 instead of 201.",
    "A successful manifest PUT MUST answer 201 Created.")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(ManifestPushes.IsPut, 201, 200);
}

internal sealed class ManifestPutNoLocation() : RegistryFault(
    "manifest-put-no-location",
    "Manifest PUT answers without Location.",
    "A successful manifest PUT MUST carry Location.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(ManifestPushes.IsStored, "Location");
}

internal sealed class ManifestPutNoDigestHeader() : RegistryFault(
    "manifest-put-no-digest-header",
    "Manifest PUT answers without Docker-Content-Digest.",
    "Manifest PUT returns the manifest digest in Docker-Content-Digest, equal to the client's.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(ManifestPushes.IsStored, "Docker-Content-Digest");
}

internal sealed class SubjectNoOciSubjectHeader() : RegistryFault(
    "subject-no-oci-subject-header",
    "Manifest PUT with a subject answers without OCI-Subject.",
    "A registry supporting the referrers API MUST answer OCI-Subject: <subject digest> to such a PUT.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(ManifestPushes.IsStored, "OCI-Subject");
}

internal sealed class ManifestAcceptsUnknownBlobs() : RegistryFault(
    "manifest-accepts-unknown-blobs",
    "Manifests referencing blobs or child manifests that do not exist are accepted.",
    "MAY-level: a registry may refuse such manifests (then with MANIFEST_BLOB_UNKNOWN); this shows up as 'references not enforced'.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override bool RequiresReferences(ManifestInfo manifest) => false;
    }
}

internal sealed class SubjectMissingRefused() : RegistryFault(
    "subject-missing-refused",
    "A manifest whose subject does not exist is refused (400 MANIFEST_BLOB_UNKNOWN).",
    "A manifest with a subject MUST be accepted even when the subject does not exist.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override bool RequiresSubject(ManifestInfo manifest) => true;
    }
}

internal sealed class OrasSubjectMissingAccepted() : RegistryFault(
    "oras-subject-missing-accepted",
    "An ORAS artifact manifest whose subject does not exist is accepted.",
    "ORAS: pushing an artifact manifest whose subject is missing is refused with 400.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override bool RequiresSubject(ManifestInfo manifest) => manifest.MediaType != MediaTypes.OrasArtifact && base.RequiresSubject(manifest);
    }
}

internal sealed class ManifestOversizeAccepted() : RegistryFault(
    "manifest-oversize-accepted",
    "Manifests above the size limit are accepted (up to 64 MiB).",
    "SHOULD: a manifest over the registry's limit is refused with 413.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        /// <summary>Still a ceiling, so a runaway body cannot exhaust memory.</summary>
        public override long MaxManifestBytes => 64L * 1024 * 1024;
    }
}

internal sealed class ManifestOversize400() : RegistryFault(
    "manifest-oversize-400",
    "A manifest above the size limit is refused with 400 instead of 413.",
    "SHOULD: a registry that enforces a manifest size limit refuses a manifest above it with 413.")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => x.Is(RouteKind.Manifest, HttpMethods.Put), 413, 400);
}

internal sealed class ManifestLimitOneMib() : RegistryFault(
    "manifest-limit-one-mib",
    "Manifests above 1 MiB are refused with 413.",
    "SHOULD: manifests of up to 4 MB are accepted.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override long MaxManifestBytes => Math.Min(1024 * 1024, base.MaxManifestBytes);
    }
}

internal sealed class ManifestAcceptsDigestMismatch() : RegistryFault(
    "manifest-accepts-digest-mismatch",
    "A manifest PUT by digest is accepted when the body hashes to another digest.",
    "Content addressability: the digest in the URL and Docker-Content-Digest MUST be the body's digest.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IManifestAdmission>((admission, _) => new Admission(admission));

    private sealed class Admission(IManifestAdmission inner) : ManifestAdmissionDecorator(inner)
    {
        public override (Digest? Digest, RegistryError? Error) Identify(ManifestPush push) =>
            push.Digest is { } claimed ? (claimed, null) : base.Identify(push);
    }
}

internal sealed class ManifestContentTypeParamsRefused() : RegistryFault(
    "manifest-content-type-params-refused",
    "Manifest PUT refuses a Content-Type with parameters (400 MANIFEST_INVALID).",
    "SHOULD: parameters of a manifest PUT's Content-Type are ignored; the media type alone is compared.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IManifestAdmission>((admission, _) => new Admission(admission));

    private sealed class Admission(IManifestAdmission inner) : ManifestAdmissionDecorator(inner)
    {
        public override (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push) =>
            push.ContentType?.Contains(';', StringComparison.Ordinal) == true
                ? (null, RegistryError.ManifestInvalid("Content-Type parameters are not accepted"))
                : base.Parse(push);
    }
}

/// <summary>Refuses pushes of one manifest media type as a registry that does not offer it would.</summary>
internal abstract class MediaTypeRefused(string name, string description, string rule, string mediaType) : RegistryFault(name, description, rule)
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IManifestAdmission>((admission, _) => new Admission(admission, mediaType));

    private sealed class Admission(IManifestAdmission inner, string mediaType) : ManifestAdmissionDecorator(inner)
    {
        public override (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push) =>
            MediaTypes.Essence(push.ContentType) == mediaType
                ? (null, RegistryError.ManifestInvalid($"unsupported manifest media type '{mediaType}'"))
                : base.Parse(push);
    }
}

internal sealed class ArtifactManifestRefused() : MediaTypeRefused(
    "artifact-manifest-refused",
    "OCI artifact manifests are refused (400 MANIFEST_INVALID) although --artifact-manifest is on.",
    "Optional: a registry offering the OCI artifact manifest MUST accept its push (a refusal reads as not offered).",
    MediaTypes.OciArtifact);

internal sealed class OrasManifestRefused() : MediaTypeRefused(
    "oras-manifest-refused",
    "ORAS artifact manifests are refused (400 MANIFEST_INVALID) although --oras is on.",
    "A registry that shows the ORAS extension's signal MUST accept an ORAS artifact manifest push (without the signal a refusal reads as not offered).",
    MediaTypes.OrasArtifact);

internal sealed class ManifestEmptyRefused() : RegistryFault(
    "manifest-empty-refused",
    "A manifest or index that references no blob and no manifest is refused with 400 MANIFEST_INVALID.",
    "MAY: the list of blobs of a manifest may be empty.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IManifestAdmission>((admission, _) => new Admission(admission));

    private sealed class Admission(IManifestAdmission inner) : ManifestAdmissionDecorator(inner)
    {
        public override (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push)
        {
            var parsed = base.Parse(push);
            return parsed.Info is { Blobs.Count: 0, Children.Count: 0 }
                ? (null, RegistryError.ManifestInvalid("a manifest must reference at least one blob or manifest"))
                : parsed;
        }
    }
}

internal sealed class ManifestPutByDigestRefused() : RegistryFault(
    "manifest-put-by-digest-refused",
    "A manifest PUT by digest (without tag= parameters) is refused with 400 MANIFEST_INVALID; PUT by tag works.",
    "A manifest MUST be pushable by digest (end-7a).")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IManifestAdmission>((admission, _) => new Admission(admission));

    private sealed class Admission(IManifestAdmission inner) : ManifestAdmissionDecorator(inner)
    {
        public override (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push)
        {
            var parsed = base.Parse(push);
            return parsed.Info is not null && push.Digest is not null && push.Tags.Count == 0
                ? (null, RegistryError.ManifestInvalid("manifests are pushed by tag"))
                : parsed;
        }
    }
}
