using System.Text.Json;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

internal sealed class ObjectManifestRefused() : MediaTypeRefused(
    "object-manifest-refused",
    "Generic object manifests are refused (400 MANIFEST_INVALID) although --object-manifest is on.",
    "Optional: a registry offering the generic object manifest draft MUST accept its push (without run.proposals a refusal reads as not offered).",
    MediaTypes.OciObject);

internal sealed class ObjectUntypedComponentsResolved() : RegistryFault(
    "object-untyped-components-resolved",
    "A generic object manifest with a component that has a descriptor but no rtype is refused with 400 MANIFEST_BLOB_UNKNOWN, as a registry that resolves every descriptor would for content it lacks.",
    "Draft: a component without rtype links nothing, so the registry ignores its descriptor.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IManifestAdmission>((admission, _) => new Admission(admission));

    private sealed class Admission(IManifestAdmission inner) : ManifestAdmissionDecorator(inner)
    {
        public override (ManifestInfo? Info, RegistryError? Error) Parse(ManifestPush push)
        {
            var parsed = base.Parse(push);
            return parsed.Info is { MediaType: MediaTypes.OciObject } && HasUntypedDescriptor(push.Body)
                ? (null, new RegistryError(400, ErrorCode.ManifestBlobUnknown, "blob unknown to registry"))
                : parsed;
        }

        /// <summary>The body already parsed as an object manifest, so its objects and components have the draft's shape.</summary>
        private static bool HasUntypedDescriptor(byte[] body)
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("objects", out var objects) && objects.ValueKind == JsonValueKind.Array
                && objects.EnumerateArray()
                    .Where(o => o.TryGetProperty("components", out var c) && c.ValueKind == JsonValueKind.Array)
                    .SelectMany(o => o.GetProperty("components").EnumerateArray())
                    .Any(c => !c.TryGetProperty("rtype", out _) && c.TryGetProperty("descriptor", out _));
        }
    }
}
