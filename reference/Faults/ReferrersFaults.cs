using System.Text.Json.Nodes;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

/// <summary>The OCI referrers API as the referrers faults see and bend it.</summary>
internal static class ReferrersLists
{
    /// <summary>A referrers request the API takes up (it is on); the digest may still be invalid.</summary>
    public static bool IsQuery(Exchange x) => x.Is(RouteKind.Referrers) && x.Services.Options.ReferrersApi;

    public static bool IsListed(Exchange x) => x.Is(RouteKind.Referrers) && x.Status == 200;

    /// <summary>The first page of a list nothing is in: <c>last</c> continues a list, so it says nothing of the whole.</summary>
    public static bool IsEmptyList(Exchange x, JsonNode body) => (string?)x.Query["last"] is null && Descriptors(body).Count == 0;

    public static JsonArray Descriptors(JsonNode body) => body["manifests"]!.AsArray();

    /// <summary>Drops a property from every descriptor listed.</summary>
    public static void Strip(FaultLayer layer, string property) =>
        layer.RewriteJson(IsListed, (_, body) =>
        {
            foreach (var descriptor in Descriptors(body).OfType<JsonObject>())
            {
                descriptor.Remove(property);
            }

            return body;
        });

    /// <summary>Changes what the OCI referrers list holds.</summary>
    public static void Bend(FaultLayer layer, Func<IReferrers, string, Digest, string?, ReferrersList> oci) =>
        layer.Decorate<IReferrers>((referrers, _) => new ReferrersDecorator(referrers, oci: oci));

    /// <summary>Leaves out of the OCI list the referrers <paramref name="keep"/> turns down.</summary>
    public static void Keep(FaultLayer layer, Func<StoredManifest, bool> keep) => Bend(layer, (inner, repository, subject, artifactType) =>
    {
        var listed = inner.Oci(repository, subject, artifactType);
        return listed with { Manifests = [.. listed.Manifests.Where(keep)] };
    });

    /// <summary>Lists referrers with the artifactType <paramref name="artifactType"/> gives them (null keeps theirs); the filter has already matched on their own.</summary>
    public static void Retype(FaultLayer layer, Func<StoredManifest, string?> artifactType) => Bend(layer, (inner, repository, subject, filter) =>
    {
        var listed = inner.Oci(repository, subject, filter);
        return listed with
        {
            Manifests = [.. listed.Manifests.Select(m => artifactType(m) is { } type ? m with { Info = m.Info with { ReferrerArtifactType = type } } : m)],
        };
    });
}

internal sealed class ReferrersNotFoundWhenEmpty() : RegistryFault(
    "referrers-404-when-empty",
    "The referrers API answers 404 when nothing refers to the digest.",
    "A registry supporting the referrers API MUST NOT answer 404; an empty index is returned.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(ReferrersLists.IsListed, (x, body) =>
        {
            if (!ReferrersLists.IsEmptyList(x, body))
            {
                return body;
            }

            var error = new RegistryError(404, ErrorCode.ManifestUnknown, "no referrers");
            x.Response.StatusCode = error.Status;
            x.Response.ContentType = MediaTypes.Json;
            return Responses.ErrorBody(error);
        });
}

internal sealed class ReferrersWrongContentType() : RegistryFault(
    "referrers-wrong-content-type",
    "The referrers API answers Content-Type application/json.",
    "The referrers response MUST have Content-Type application/vnd.oci.image.index.v1+json.")
{
    public override void Apply(FaultLayer layer) => layer.RewriteHeaders(ReferrersLists.IsListed, x => x.Response.ContentType = MediaTypes.Json);
}

internal sealed class ReferrersWrongStatus() : RegistryFault(
    "referrers-wrong-status",
    "The referrers API answers 203 instead of 200.",
    "A GET of the referrers of a digest MUST answer 200.")
{
    public override void Apply(FaultLayer layer) => layer.ReplaceStatus(x => x.Is(RouteKind.Referrers), 200, 203);
}

internal sealed class ReferrersNoArtifactType() : RegistryFault(
    "referrers-no-artifact-type",
    "Referrer descriptors carry no artifactType.",
    "Each referrer descriptor MUST carry artifactType (the manifest's, else its config media type).")
{
    public override void Apply(FaultLayer layer) => ReferrersLists.Strip(layer, "artifactType");
}

internal sealed class ReferrersNoAnnotations() : RegistryFault(
    "referrers-no-annotations",
    "Referrer descriptors carry no annotations.",
    "Each referrer descriptor MUST carry the referrer manifest's annotations.")
{
    public override void Apply(FaultLayer layer) => ReferrersLists.Strip(layer, "annotations");
}

internal sealed class ReferrersEmptyListsSubject() : RegistryFault(
    "referrers-empty-lists-subject",
    "When nothing refers to the digest, the list holds a descriptor of the subject itself.",
    "When nothing refers to the digest, the manifests list MUST be empty.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(ReferrersLists.IsListed, (x, body) =>
        {
            if (ReferrersLists.IsEmptyList(x, body))
            {
                ReferrersLists.Descriptors(body).Add(new JsonObject
                {
                    ["mediaType"] = MediaTypes.OciManifest,
                    ["digest"] = x.Reference,
                    ["size"] = 0,
                    ["artifactType"] = MediaTypes.OciManifest,
                });
            }

            return body;
        });
}

internal sealed class ReferrersEmptyNotIndex() : RegistryFault(
    "referrers-empty-not-index",
    "An empty referrers list is answered as `{\"manifests\":[]}` without schemaVersion and mediaType.",
    "A referrers response body MUST be an image index.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteJson(ReferrersLists.IsListed, (x, body) =>
            ReferrersLists.IsEmptyList(x, body) ? new JsonObject { ["manifests"] = new JsonArray() } : body);
}

internal sealed class ReferrersNoPaginationLink() : RegistryFault(
    "referrers-no-pagination-link",
    "A truncated referrers page carries no Link header.",
    "When the list does not fit one response, a Link header with rel=\"next\" MUST be included.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => x.Is(RouteKind.Referrers), "Link");
}

internal sealed class ReferrersLinkMalformed() : RegistryFault(
    "referrers-link-malformed",
    "A truncated referrers page carries a Link header without the angle brackets and `rel=\"next\"`.",
    "The Link header of a referrers page MUST follow RFC 5988 with `rel=\"next\"`.")
{
    public override void Apply(FaultLayer layer) =>
        layer.RewriteHeaders(x => x.Is(RouteKind.Referrers) && x.Response.Headers.ContainsKey("Link"), TagsLists.MalformLink);
}

internal sealed class ReferrersInvalidDigestAccepted() : RegistryFault(
    "referrers-invalid-digest-accepted",
    "The referrers API answers 200 for a syntactically invalid digest.",
    "An invalid digest on the referrers API MUST answer 400.")
{
    /// <summary>Answers as for a digest nothing refers to, filter announcement included.</summary>
    public override void Apply(FaultLayer layer) =>
        layer.Answer(x => ReferrersLists.IsQuery(x) && x.ReferenceDigest is null, x =>
        {
            if (!string.IsNullOrEmpty(x.Query["artifactType"]))
            {
                x.Response.Headers["OCI-Filters-Applied"] = "artifactType";
            }

            return ReferrersEndpoints.IndexAsync(x.Context, []);
        });
}

internal sealed class ReferrersInvalidDigestCrash() : RegistryFault(
    "referrers-invalid-digest-crash",
    "The referrers API answers an empty 500 for a syntactically invalid digest.",
    "The referrers endpoint answers 200, or fails with 400 or 404 (end-12a); an invalid digest MUST answer 400.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(x => ReferrersLists.IsQuery(x) && x.ReferenceDigest is null, x => Responses.EmptyAsync(x.Context, StatusCodes.Status500InternalServerError));
}

internal sealed class ReferrersFilterRefused() : RegistryFault(
    "referrers-filter-refused",
    "The referrers API answers 400 when artifactType is given.",
    "GET of the referrers with `?artifactType=` MUST answer 200 (filtering or not).")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => ReferrersLists.IsQuery(x) && !string.IsNullOrEmpty(x.Query["artifactType"]),
            x => x.ErrorAsync(new RegistryError(400, ErrorCode.Unsupported, "artifactType filtering is not supported")));
}

internal sealed class ReferrersIgnoreFilter() : RegistryFault(
    "referrers-ignore-filter",
    "artifactType is ignored but OCI-Filters-Applied: artifactType is still sent.",
    "When OCI-Filters-Applied names artifactType, only matching descriptors are listed.")
{
    public override void Apply(FaultLayer layer) =>
        ReferrersLists.Bend(layer, (inner, repository, subject, artifactType) =>
            inner.Oci(repository, subject, null) with { FilterApplied = !string.IsNullOrEmpty(artifactType) });
}

internal sealed class ReferrersFilterUnsupported() : RegistryFault(
    "referrers-filter-unsupported",
    "artifactType is ignored and OCI-Filters-Applied is not sent (the allowed unfiltered answer).",
    "SHOULD: the registry filters referrers by artifactType.")
{
    public override void Apply(FaultLayer layer) =>
        ReferrersLists.Bend(layer, (inner, repository, subject, _) => inner.Oci(repository, subject, null));
}

internal sealed class ReferrersIndexUnlisted() : RegistryFault(
    "referrers-index-unlisted",
    "Referrers that are image indexes are left out of the OCI referrers list.",
    "Every pushed manifest with a subject MUST appear in the referrers list of that subject.")
{
    public override void Apply(FaultLayer layer) => ReferrersLists.Keep(layer, m => m.MediaType != MediaTypes.OciIndex);
}

internal sealed class ArtifactManifestUnlisted() : RegistryFault(
    "artifact-manifest-unlisted",
    "Artifact manifests are accepted but left out of the referrers list.",
    "With the artifact manifest, the referrers API MUST list it with its artifactType and annotations.")
{
    public override void Apply(FaultLayer layer) => ReferrersLists.Keep(layer, m => m.MediaType != MediaTypes.OciArtifact);
}

internal sealed class ReferrersArtifactTypeNotFromConfig() : RegistryFault(
    "referrers-artifact-type-not-from-config",
    "An image manifest referrer without its own artifactType is listed with the image manifest media type as artifactType instead of its config media type.",
    "For an image manifest without artifactType, the descriptor's artifactType MUST be the config media type.")
{
    public override void Apply(FaultLayer layer) =>
        ReferrersLists.Retype(layer, m => m.MediaType == MediaTypes.OciManifest && !HasOwnArtifactType(m) ? m.MediaType : null);

    // ManifestInfo only keeps the artifactType after the config fallback, so the pushed bytes tell whether it was the manifest's own.
    private static bool HasOwnArtifactType(StoredManifest manifest) =>
        JsonNode.Parse(manifest.Bytes) is JsonObject root && root["artifactType"] is JsonValue;
}

internal sealed class ReferrersIndexArtifactTypeInvented() : RegistryFault(
    "referrers-index-artifact-type-invented",
    "An image index referrer without its own artifactType is listed with artifactType set to the index media type.",
    "For an image index without artifactType, the descriptor MUST have no artifactType.")
{
    public override void Apply(FaultLayer layer) =>
        ReferrersLists.Retype(layer, m => m is { MediaType: MediaTypes.OciIndex, Info.ReferrerArtifactType: null } ? MediaTypes.OciIndex : null);
}

internal sealed class ReferrersKeepsDeleted() : RegistryFault(
    "referrers-keeps-deleted",
    "A deleted referrer stays listed.",
    "The referrers list reflects the manifests present: a deleted manifest is no longer listed.")
{
    public override void Apply(FaultLayer layer)
    {
        var deleted = new DeletedReferrers();
        layer.Decorate<IMetadataStore>((store, services) => new Store(store, services, deleted));
        ReferrersLists.Bend(layer, (inner, repository, subject, artifactType) =>
        {
            var listed = inner.Oci(repository, subject, artifactType);
            var kept = deleted.Of(repository, subject)
                .Where(m => !listed.FilterApplied || m.Info.ReferrerArtifactType == artifactType)
                .Where(m => !listed.Manifests.Any(present => present.Digest == m.Digest));
            return listed with { Manifests = [.. listed.Manifests, .. kept] };
        });
    }

    /// <summary>Referrers deleted while the OCI referrers API listed them.</summary>
    private sealed class DeletedReferrers
    {
        private readonly List<(string Repository, StoredManifest Manifest)> _deleted = [];

        public void Add(string repository, StoredManifest manifest)
        {
            lock (_deleted)
            {
                _deleted.Add((repository, manifest));
            }
        }

        public List<StoredManifest> Of(string repository, Digest subject)
        {
            lock (_deleted)
            {
                return [.. _deleted.Where(d => d.Repository == repository && d.Manifest.Info.Subject == subject).Select(d => d.Manifest)];
            }
        }
    }

    private sealed class Store(IMetadataStore inner, RegistryServices services, DeletedReferrers deleted) : MetadataStoreDecorator(inner)
    {
        public override bool DeleteManifest(string name, Digest digest)
        {
            var manifest = GetManifest(name, digest);
            var listed = manifest?.Info.Subject is { } subject
                && services.Referrers.Oci(name, subject, null).Manifests.Any(m => m.Digest == digest);
            var removed = base.DeleteManifest(name, digest);
            if (removed && listed)
            {
                deleted.Add(name, manifest!);
            }

            return removed;
        }
    }
}
