namespace OciConformance.Reference;

/// <summary>A deliberate deviation the registry can be told to make.</summary>
/// <param name="Name">Kebab-case <c>area-what</c> name used in <see cref="RegistryOptions.Faults"/> and on the command line.</param>
/// <param name="Description">What the registry does differently.</param>
/// <param name="Rule">The rule of the distribution-spec (or the optional capability) it breaks.</param>
public sealed record FaultInfo(string Name, string Description, string Rule);

/// <summary>The catalogue of faults. Each one changes exactly one behaviour and nothing else.</summary>
public static class RegistryFaults
{
    public static IReadOnlyList<FaultInfo> All { get; } =
    [
        new(Fault.BaseWrongStatus, "GET /v2/ answers 204 instead of 200.", "end-1: a registry implementing the spec answers GET /v2/ with 200 OK."),
        new(Fault.UploadPostNoLocation, "POST to /blobs/uploads/ answers 202 without a Location header.", "Starting an upload MUST answer 202 with a Location naming the session."),
        new(Fault.UploadPutWrongStatus, "The PUT closing an upload answers 200 instead of 201.", "Closing an upload MUST answer 201 Created."),
        new(Fault.UploadAcceptsDigestMismatch, "Completing an upload (closing PUT or single POST) stores the bytes under the claimed digest even when they hash differently.", "A digest that does not match the uploaded bytes is rejected (400 DIGEST_INVALID); blobs are content addressed."),
        new(Fault.UploadPatchNoRange, "PATCH answers 202 without the Range header.", "Each accepted chunk MUST answer 202 with Location and Range: 0-<end>."),
        new(Fault.UploadStatusWrongRange, "The upload status GET reports a Range one byte longer than what was received.", "The status GET MUST report Range: 0-<offset of last byte received>."),
        new(Fault.ChunkOutOfOrderAccepted, "A PATCH whose Content-Range does not start at the current offset is appended anyway (202).", "Out-of-order chunks MUST be refused with 416."),
        new(Fault.MountIgnored, "A mount with from= always opens an upload session (202) instead of mounting.", "Optional: cross-repository mount answers 201 when it can mount (202 is the allowed fallback)."),
        new(Fault.BlobGetNoDigestHeader, "Blob GET omits Docker-Content-Digest.", "A successful blob GET MUST carry Docker-Content-Digest."),
        new(Fault.BlobGetWrongDigestHeader, "Blob GET sends a Docker-Content-Digest that is not the body's digest.", "Docker-Content-Digest, when present, MUST match the body."),
        new(Fault.BlobGetCorruptBody, "Blob GET flips the first byte of the body.", "A blob GET MUST return the stored bytes (the body matches its digest)."),
        new(Fault.BlobHeadWrongLength, "Blob HEAD reports Content-Length one more than the blob size.", "HEAD reports the content size in Content-Length (SHOULD in 1.1, MUST at dev)."),
        new(Fault.BlobUnknownWrongStatus, "An unknown blob answers 400 instead of 404.", "A blob not in the repository MUST answer 404 Not Found."),
        new(Fault.RangeIgnored, "Range on blob GET is ignored: always 200 with the whole body.", "Optional (SHOULD): blob GET supports Range with 206 and Content-Range."),
        new(Fault.ErrorBodyMalformed, "Error bodies are JSON of the wrong shape ({\"error\":{...}} instead of {\"errors\":[...]}).", "A JSON error body MUST be {\"errors\":[{\"code\",\"message\",\"detail\"}]}."),
        new(Fault.ErrorCodeWrong, "Error bodies carry the code UNKNOWN instead of the right one.", "Error codes MUST be one of the spec's table."),
        new(Fault.ManifestPutWrongStatus, "Manifest PUT answers 200 instead of 201.", "A successful manifest PUT MUST answer 201 Created."),
        new(Fault.ManifestPutNoLocation, "Manifest PUT answers without Location.", "A successful manifest PUT MUST carry Location."),
        new(Fault.ManifestPutNoDigestHeader, "Manifest PUT answers without Docker-Content-Digest.", "Manifest PUT returns the manifest digest in Docker-Content-Digest, equal to the client's."),
        new(Fault.ManifestGetWrongContentType, "Manifest GET answers Content-Type application/json instead of the manifest's media type.", "The Content-Type of a manifest GET matches the media type it was pushed with."),
        new(Fault.ManifestGetReserialized, "Manifest GET re-serialises the JSON (indented), so the bytes differ from what was pushed.", "The registry MUST store and return the manifest in the exact bytes the client pushed."),
        new(Fault.ManifestGetNoDigestHeader, "Manifest GET omits Docker-Content-Digest.", "A successful manifest GET MUST carry Docker-Content-Digest."),
        new(Fault.ManifestHeadNoDigestHeader, "Manifest HEAD omits Docker-Content-Digest.", "A successful HEAD MUST carry Docker-Content-Digest."),
        new(Fault.ManifestUnknownWrongStatus, "An unknown manifest answers 400 instead of 404.", "A manifest not in the repository MUST answer 404 Not Found."),
        new(Fault.ManifestAcceptsUnknownBlobs, "Manifests referencing blobs or child manifests that do not exist are accepted.", "MAY-level: a registry may refuse such manifests (then with MANIFEST_BLOB_UNKNOWN); this shows up as 'references not enforced'."),
        new(Fault.ManifestAcceptsDigestMismatch, "A manifest PUT by digest is accepted when the body hashes to another digest.", "Content addressability: the digest in the URL and Docker-Content-Digest MUST be the body's digest."),
        new(Fault.ManifestOversizeAccepted, "Manifests above the size limit are accepted (up to 64 MiB).", "SHOULD: a manifest over the registry's limit is refused with 413."),
        new(Fault.TagsUnsorted, "Tags are listed in reverse order.", "Tags MUST be listed in lexical (ASCIIbetical) order."),
        new(Fault.TagsIgnoreN, "The n parameter of the tags list is ignored.", "With n, the list MUST hold n tags (fewer only at the end or with a Link header); n=0 gives an empty list."),
        new(Fault.TagsIgnoreLast, "The last parameter of the tags list is ignored.", "With last, the list MUST start after that tag."),
        new(Fault.TagsNoLink, "A truncated tags page carries no Link header.", "A page holding fewer tags than remain MUST carry Link: <...>; rel=\"next\"."),
        new(Fault.DeleteManifestKeepsContent, "Manifest DELETE answers 202 but the manifest stays pullable.", "After a delete, GET of that manifest MUST answer 404."),
        new(Fault.DeleteBlobKeepsContent, "Blob DELETE answers 202 but the blob stays pullable.", "After a delete, GET of that blob MUST answer 404."),
        new(Fault.DeleteTagUnsupported, "Tag DELETE answers 405 UNSUPPORTED while manifest deletes work.", "Optional (MAY): tag deletion; when disabled the answer is 400 or 405 (this one is the allowed form)."),
        new(Fault.DeleteTagWrongStatus, "Tag DELETE answers 501 Not Implemented.", "When tag deletion is disabled the registry MUST answer 400 or 405."),
        new(Fault.ReferrersNotFoundWhenEmpty, "The referrers API answers 404 when nothing refers to the digest.", "A registry supporting the referrers API MUST NOT answer 404; an empty index is returned."),
        new(Fault.ReferrersWrongContentType, "The referrers API answers Content-Type application/json.", "The referrers response MUST have Content-Type application/vnd.oci.image.index.v1+json."),
        new(Fault.ReferrersIgnoreFilter, "artifactType is ignored but OCI-Filters-Applied: artifactType is still sent.", "When OCI-Filters-Applied names artifactType, only matching descriptors are listed."),
        new(Fault.ReferrersNoArtifactType, "Referrer descriptors carry no artifactType.", "Each referrer descriptor MUST carry artifactType (the manifest's, else its config media type)."),
        new(Fault.ReferrersNoAnnotations, "Referrer descriptors carry no annotations.", "Each referrer descriptor MUST carry the referrer manifest's annotations."),
        new(Fault.ReferrersKeepsDeleted, "A deleted referrer stays listed.", "The referrers list reflects the manifests present: a deleted manifest is no longer listed."),
        new(Fault.ReferrersNoPaginationLink, "A truncated referrers page carries no Link header.", "When the list does not fit one response, a Link header with rel=\"next\" MUST be included."),
        new(Fault.ReferrersInvalidDigestAccepted, "The referrers API answers 200 for a syntactically invalid digest.", "An invalid digest on the referrers API MUST answer 400."),
        new(Fault.SubjectNoOciSubjectHeader, "Manifest PUT with a subject answers without OCI-Subject.", "A registry supporting the referrers API MUST answer OCI-Subject: <subject digest> to such a PUT."),
        new(Fault.TokenIgnoresScope, "Any valid bearer token is accepted for any repository and action.", "Authorization: a token only grants the scopes (repository and actions) it was issued for."),
        new(Fault.NameInvalidAccepted, "Repository names outside the spec's grammar are accepted.", "<name> MUST match the spec's regular expression; others are refused with NAME_INVALID."),
        new(Fault.Sha512Unsupported, "sha512 digests are refused with 400 DIGEST_INVALID.", "Optional: sha512 support (an unsupported algorithm is answered with 400)."),
        new(Fault.ManifestContentTypeParameters, "Manifest GET and HEAD add a charset parameter to the manifest's media type in Content-Type.", "SHOULD NOT: a manifest response's Content-Type carries no parameters."),
        new(Fault.OrasNoApiVersion, "The ORAS referrers endpoint answers without ORAS-Api-Version.", "SHOULD: an ORAS referrers response carries ORAS-Api-Version: oras/1.0."),
        new(Fault.NameDoubleUnderscoreRefused, "Repository names with a '__' separator are refused with NAME_INVALID.", "Every repository name the spec's grammar allows MUST be usable."),
        new(Fault.TagEdgeRefused, "Tags starting with '_' are refused as invalid.", "Every tag the spec's grammar allows MUST be usable."),
        new(Fault.TagsLinkMalformed, "A truncated tags page carries a Link header without the angle brackets and rel=\"next\".", "The Link header of a tags page MUST have the form <url>; rel=\"next\"."),
        new(Fault.ManifestGetByTag404, "Manifest GET by tag answers 404 while GET by digest and HEAD work.", "GET of a manifest by tag MUST answer 200 with the manifest."),
        new(Fault.ManifestGetByDigest404, "Manifest GET by digest answers 404 while GET by tag and HEAD work.", "GET of a manifest by digest MUST answer 200 with the manifest."),
        new(Fault.ManifestHead404, "Manifest HEAD of an existing manifest answers 404 while GET works.", "HEAD of an existing manifest MUST answer 200."),
        new(Fault.BlobGet404, "Blob GET of an existing blob answers 404 while HEAD works.", "GET of a blob the repository holds MUST answer 200 with the blob."),
        new(Fault.HeadUnknownWrongStatus, "HEAD of an unknown blob or manifest answers 400 (GET still answers 404).", "HEAD of content that does not exist MUST answer 404 without a body."),
        new(Fault.RepositoryUnknownWrongStatus, "Pulling a manifest from a repository that does not exist answers 400 instead of 404.", "Pulling from an unknown repository MUST answer 404."),
        new(Fault.TagsLastWithoutNIgnored, "The last parameter of the tags list is ignored when n is absent.", "last without n MUST still list only the tags after it."),
        new(Fault.TagsListMissingTag, "The full tags list (no n, no last) leaves out its final tag.", "The tags list MUST hold every tag of the repository."),
        new(Fault.TagsListNotFound, "The tags list answers 404 NAME_UNKNOWN for every repository.", "GET /v2/<name>/tags/list MUST answer 200 for an existing repository."),
        new(Fault.TagsNRefused, "A tags list request with n answers 400.", "GET /v2/<name>/tags/list?n=<int> MUST answer 200."),
        new(Fault.TagsPageReversed, "A tags page requested with n is listed in reverse order.", "Tags across pages MUST come in lexical order."),
        new(Fault.ErrorCodeLowercase, "Error codes are sent in lower case (blob_unknown).", "An error code MUST be upper-case letters and underscores."),
        new(Fault.ErrorMessageNotText, "Error messages are sent as a number instead of a string.", "An error message, when present, MUST be a string."),
        new(Fault.WarningHeaderWrongCode, "Manifest GET carries a Warning header with code 199 instead of 299.", "A Warning header MUST have the form 299 - \"<text>\"."),
        new(Fault.WarningHeaderDated, "Manifest GET carries a Warning header with a warn-date.", "A Warning header MUST NOT carry a date."),
        new(Fault.BlobDeleteWrongStatus, "Blob DELETE answers 501 Not Implemented.", "Blob DELETE MUST answer 202, or 400/405 when deletion is disabled."),
        new(Fault.BlobDeleteUnknownAccepted, "DELETE of a blob the repository does not hold answers 202.", "DELETE of an unknown blob MUST answer 404."),
        new(Fault.ManifestDeleteWrongStatus, "Manifest DELETE by digest answers 501 Not Implemented.", "Manifest DELETE MUST answer 202, or 400/405 when deletion is disabled."),
        new(Fault.ManifestDeleteRepoUnknownAccepted, "Manifest DELETE in a repository that does not exist answers 202.", "Manifest DELETE in an unknown repository MUST answer 404."),
        new(Fault.TagDeleteKeepsTag, "Tag DELETE answers 202 but the tag still resolves.", "After a tag delete, GET of that tag MUST answer 404."),
        new(Fault.ReferrersArtifactTypeNotFromConfig, "An image manifest referrer without its own artifactType is listed with the image manifest media type as artifactType instead of its config media type.", "For an image manifest without artifactType, the descriptor's artifactType MUST be the config media type."),
        new(Fault.ReferrersIndexArtifactTypeInvented, "An image index referrer without its own artifactType is listed with artifactType set to the index media type.", "For an image index without artifactType, the descriptor MUST have no artifactType."),
        new(Fault.ReferrersEmptyListsSubject, "When nothing refers to the digest, the list holds a descriptor of the subject itself.", "When nothing refers to the digest, the manifests list MUST be empty."),
        new(Fault.ReferrersEmptyNotIndex, "An empty referrers list is answered as {\"manifests\":[]} without schemaVersion and mediaType.", "A referrers response body MUST be an image index."),
        new(Fault.ReferrersLinkMalformed, "A truncated referrers page carries a Link header without the angle brackets and rel=\"next\".", "The Link header of a referrers page MUST follow RFC 5988 with rel=\"next\"."),
        new(Fault.ReferrersIndexUnlisted, "Referrers that are image indexes are left out of the OCI referrers list.", "Every pushed manifest with a subject MUST appear in the referrers list of that subject."),
        new(Fault.ReferrersFilterRefused, "The referrers API answers 400 when artifactType is given.", "GET of the referrers with ?artifactType= MUST answer 200 (filtering or not)."),
        new(Fault.ReferrersFilterUnsupported, "artifactType is ignored and OCI-Filters-Applied is not sent (the allowed unfiltered answer).", "SHOULD: the registry filters referrers by artifactType."),
        new(Fault.ReferrersWrongStatus, "The referrers API answers 203 instead of 200.", "A GET of the referrers of a digest MUST answer 200."),
        new(Fault.ArtifactManifestUnlisted, "Artifact manifests are accepted but left out of the referrers list.", "With the artifact manifest, the referrers API MUST list it with its artifactType and annotations."),
        new(Fault.FallbackTagRefused, "An image index pushed under a tag of the form sha256-<hex> is refused with 400 MANIFEST_INVALID.", "An index pushed under a referrers (fallback) tag MUST be accepted with 201."),
        new(Fault.FallbackTagNotMoved, "Pushing to an existing sha256-<hex> tag answers 201 but leaves the tag on the old manifest.", "Pushing a new index under an existing referrers tag MUST move the tag."),
        new(Fault.OrasPagesRefused, "ORAS referrers pages after the first (with nextToken) answer 400.", "GET of the ORAS referrers endpoint MUST answer 200 with the referrers."),
        new(Fault.OrasOldestFirst, "ORAS referrers are listed oldest first.", "ORAS referrers MUST be listed newest first by io.cncf.oras.artifact.created."),
        new(Fault.OrasOldestUnlisted, "The last ORAS referrer (the oldest) is left out of the list.", "The ORAS referrers list MUST hold every artifact whose subject is the digest."),
        new(Fault.OrasFilterIgnored, "The ORAS referrers endpoint ignores artifactType (the allowed unfiltered answer).", "MAY: the ORAS referrers endpoint filters by artifactType."),
        new(Fault.UploadCancelWrongStatus, "Cancelling an upload (DELETE of the session) answers 200 instead of 204.", "Cancelling an upload SHOULD answer 204 No Content."),
        new(Fault.UploadPutInvalidDigest404, "A closing PUT whose digest is malformed or of an unknown algorithm answers 404 instead of 400.", "A blob push with an invalid digest SHOULD be refused with 400."),
        new(Fault.SinglePostNoLocation, "A single POST with digest answers 201 without Location.", "A blob pushed with a single POST MUST answer 201 with Location naming the blob."),
        new(Fault.ManifestContentTypeParamsRefused, "Manifest PUT refuses a Content-Type with parameters (400 MANIFEST_INVALID).", "SHOULD: parameters of a manifest PUT's Content-Type are ignored; the media type alone is compared."),
        new(Fault.TagParamIgnored, "The tag= parameters of a manifest PUT by digest are ignored.", "Optional (MAY): a manifest PUT by digest tags it with each tag= parameter."),
        new(Fault.TagParamMaxNine, "Only the first nine tag= parameters of a manifest PUT are applied; the rest are dropped silently.", "A registry supporting tag= SHOULD apply at least ten of them."),
        new(Fault.TagParamNoOciTagHeader, "A manifest PUT with tag= parameters answers without OCI-Tag.", "A registry applying tag= parameters MUST list the tags it applied in OCI-Tag."),
        new(Fault.SubjectMissingRefused, "A manifest whose subject does not exist is refused (400 MANIFEST_BLOB_UNKNOWN).", "A manifest with a subject MUST be accepted even when the subject does not exist."),
        new(Fault.OrasSubjectMissingAccepted, "An ORAS artifact manifest whose subject does not exist is accepted.", "ORAS: pushing an artifact manifest whose subject is missing is refused with 400."),
        new(Fault.ManifestLimitOneMib, "Manifests above 1 MiB are refused with 413.", "SHOULD: manifests of up to 4 MB are accepted."),
        new(Fault.ArtifactManifestRefused, "OCI artifact manifests are refused (400 MANIFEST_INVALID) although --artifact-manifest is on.", "Optional: a registry offering the OCI artifact manifest MUST accept its push (a refusal reads as not offered)."),
        new(Fault.OrasManifestRefused, "ORAS artifact manifests are refused (400 MANIFEST_INVALID) although --oras is on.", "Optional: a registry offering ORAS artifacts MUST accept an ORAS artifact manifest push (a refusal reads as not offered)."),
        new(Fault.MountFallbackNoLocation, "A mount that falls back to an upload session answers 202 without Location.", "SHOULD: a mount the registry does not perform opens an ordinary session (202 with Location)."),
        new(Fault.UploadPostWrongStatus, "POST opening an upload session answers 200 instead of 202 (the Location is still sent).", "Starting an upload MUST answer 202 Accepted (end-4a)."),
        new(Fault.UploadPatchWrongStatus, "A chunk PATCH answers 204 instead of 202 (Location and Range are still sent).", "Each accepted chunk MUST answer 202 Accepted (end-5)."),
        new(Fault.ChunkShortFinalRefused, "A chunk shorter than the first chunk of its session is refused with 416, so a short final chunk never lands.", "MAY: the final chunk may be of any length."),
        new(Fault.ChunkFinalPutBodyRefused, "A closing PUT that carries bytes after PATCHed chunks is refused with 400 BLOB_UPLOAD_INVALID.", "MAY: the last chunk may travel in the closing PUT."),
        new(Fault.UploadStatusWrongStatus, "The upload status GET answers 200 instead of 204.", "The status of an active upload MUST be answered with 204 No Content (end-13)."),
        new(Fault.UploadSessionReused, "POST hands out the location of a session still open in the repository instead of a new one.", "Each upload location MUST identify its own session."),
        new(Fault.SinglePostUnsupported, "A single POST with digest and body ignores the body and opens an ordinary session (202), as a registry without single-POST support does.", "Optional (MAY): a blob pushed in one POST with its digest is stored (201)."),
        new(Fault.SinglePostWrongStatus, "A single POST with digest stores the blob but answers 200 instead of 201.", "SHOULD: a single POST answers 201 (stored) or 202 (session opened) (end-4b)."),
        new(Fault.MountMissingBlob400, "A mount of a blob that no repository holds answers 400 BLOB_UNKNOWN instead of opening an upload session.", "SHOULD: a mount that cannot happen opens an ordinary session with 202; end-11 fails only with 404."),
        new(Fault.MountWithoutFromPhantom, "A mount without from answers 201 but never links the blob into the target repository (needs --mount-without-from).", "A mount answered with 201 MUST have put the blob in the target repository, at the Location given."),
        new(Fault.MountWithoutFromIgnored, "A mount without from opens an ordinary upload session (202) although --mount-without-from is on.", "Optional (MAY): a mount without from finds the blob in another repository (202 is the allowed answer of a registry that does not)."),
        new(Fault.ManifestEmptyRefused, "A manifest or index that references no blob and no manifest is refused with 400 MANIFEST_INVALID.", "MAY: the list of blobs of a manifest may be empty."),
        new(Fault.ManifestPutByDigestRefused, "A manifest PUT by digest (without tag= parameters) is refused with 400 MANIFEST_INVALID; PUT by tag works.", "A manifest MUST be pushable by digest (end-7a)."),
        new(Fault.TagParamWrongStatus, "A manifest PUT with tag= parameters answers 200 instead of 201.", "PUT of a manifest by digest with tag= parameters MUST answer 201 (end-7b)."),
        new(Fault.ManifestDeleteUnsupported, "Manifest DELETE answers 405 UNSUPPORTED (deletion disabled) while tag and blob deletes work.", "Optional: manifest deletion (when disabled the answer is 400 or 405; this one is the allowed form)."),
        new(Fault.BlobHead404, "Blob HEAD of an existing blob answers 404 while GET works.", "HEAD of a blob the repository holds MUST answer 200."),
        new(Fault.ReferrersInvalidDigestCrash, "The referrers API answers an empty 500 for a syntactically invalid digest.", "The referrers endpoint answers 200, or fails with 400 or 404 (end-12a); an invalid digest MUST answer 400."),
    ];

    internal static void Validate(IEnumerable<string> names)
    {
        var known = All.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown fault(s): {string.Join(", ", unknown)}. Known faults: {string.Join(", ", All.Select(f => f.Name))}.",
                nameof(names));
        }
    }
}

/// <summary>Fault names, so the code checks them without string typos.</summary>
internal static class Fault
{
    public const string BaseWrongStatus = "base-wrong-status";
    public const string UploadPostNoLocation = "upload-post-no-location";
    public const string UploadPutWrongStatus = "upload-put-wrong-status";
    public const string UploadAcceptsDigestMismatch = "upload-accepts-digest-mismatch";
    public const string UploadPatchNoRange = "upload-patch-no-range";
    public const string UploadStatusWrongRange = "upload-status-wrong-range";
    public const string ChunkOutOfOrderAccepted = "chunk-out-of-order-accepted";
    public const string MountIgnored = "mount-ignored";
    public const string BlobGetNoDigestHeader = "blob-get-no-digest-header";
    public const string BlobGetWrongDigestHeader = "blob-get-wrong-digest-header";
    public const string BlobGetCorruptBody = "blob-get-corrupt-body";
    public const string BlobHeadWrongLength = "blob-head-wrong-length";
    public const string BlobUnknownWrongStatus = "blob-unknown-wrong-status";
    public const string RangeIgnored = "range-ignored";
    public const string ErrorBodyMalformed = "error-body-malformed";
    public const string ErrorCodeWrong = "error-code-wrong";
    public const string ManifestPutWrongStatus = "manifest-put-wrong-status";
    public const string ManifestPutNoLocation = "manifest-put-no-location";
    public const string ManifestPutNoDigestHeader = "manifest-put-no-digest-header";
    public const string ManifestGetWrongContentType = "manifest-get-wrong-content-type";
    public const string ManifestGetReserialized = "manifest-get-reserialized";
    public const string ManifestGetNoDigestHeader = "manifest-get-no-digest-header";
    public const string ManifestHeadNoDigestHeader = "manifest-head-no-digest-header";
    public const string ManifestUnknownWrongStatus = "manifest-unknown-wrong-status";
    public const string ManifestAcceptsUnknownBlobs = "manifest-accepts-unknown-blobs";
    public const string ManifestAcceptsDigestMismatch = "manifest-accepts-digest-mismatch";
    public const string ManifestOversizeAccepted = "manifest-oversize-accepted";
    public const string TagsUnsorted = "tags-unsorted";
    public const string TagsIgnoreN = "tags-ignore-n";
    public const string TagsIgnoreLast = "tags-ignore-last";
    public const string TagsNoLink = "tags-no-link";
    public const string DeleteManifestKeepsContent = "delete-manifest-keeps-content";
    public const string DeleteBlobKeepsContent = "delete-blob-keeps-content";
    public const string DeleteTagUnsupported = "delete-tag-unsupported";
    public const string DeleteTagWrongStatus = "delete-tag-wrong-status";
    public const string ReferrersNotFoundWhenEmpty = "referrers-404-when-empty";
    public const string ReferrersWrongContentType = "referrers-wrong-content-type";
    public const string ReferrersIgnoreFilter = "referrers-ignore-filter";
    public const string ReferrersNoArtifactType = "referrers-no-artifact-type";
    public const string ReferrersNoAnnotations = "referrers-no-annotations";
    public const string ReferrersKeepsDeleted = "referrers-keeps-deleted";
    public const string ReferrersNoPaginationLink = "referrers-no-pagination-link";
    public const string ReferrersInvalidDigestAccepted = "referrers-invalid-digest-accepted";
    public const string SubjectNoOciSubjectHeader = "subject-no-oci-subject-header";
    public const string TokenIgnoresScope = "token-ignores-scope";
    public const string NameInvalidAccepted = "name-invalid-accepted";
    public const string Sha512Unsupported = "sha512-unsupported";
    public const string ManifestContentTypeParameters = "manifest-content-type-parameters";
    public const string OrasNoApiVersion = "oras-no-api-version";
    public const string NameDoubleUnderscoreRefused = "name-double-underscore-refused";
    public const string TagEdgeRefused = "tag-edge-refused";
    public const string TagsLinkMalformed = "tags-link-malformed";
    public const string ManifestGetByTag404 = "manifest-get-by-tag-404";
    public const string ManifestGetByDigest404 = "manifest-get-by-digest-404";
    public const string ManifestHead404 = "manifest-head-404";
    public const string BlobGet404 = "blob-get-404";
    public const string HeadUnknownWrongStatus = "head-unknown-wrong-status";
    public const string RepositoryUnknownWrongStatus = "repository-unknown-wrong-status";
    public const string TagsLastWithoutNIgnored = "tags-last-without-n-ignored";
    public const string TagsListMissingTag = "tags-list-missing-tag";
    public const string TagsListNotFound = "tags-list-not-found";
    public const string TagsNRefused = "tags-n-refused";
    public const string TagsPageReversed = "tags-page-reversed";
    public const string ErrorCodeLowercase = "error-code-lowercase";
    public const string ErrorMessageNotText = "error-message-not-text";
    public const string WarningHeaderWrongCode = "warning-header-wrong-code";
    public const string WarningHeaderDated = "warning-header-dated";
    public const string BlobDeleteWrongStatus = "blob-delete-wrong-status";
    public const string BlobDeleteUnknownAccepted = "blob-delete-unknown-accepted";
    public const string ManifestDeleteWrongStatus = "manifest-delete-wrong-status";
    public const string ManifestDeleteRepoUnknownAccepted = "manifest-delete-repo-unknown-accepted";
    public const string TagDeleteKeepsTag = "tag-delete-keeps-tag";
    public const string ReferrersArtifactTypeNotFromConfig = "referrers-artifact-type-not-from-config";
    public const string ReferrersIndexArtifactTypeInvented = "referrers-index-artifact-type-invented";
    public const string ReferrersEmptyListsSubject = "referrers-empty-lists-subject";
    public const string ReferrersEmptyNotIndex = "referrers-empty-not-index";
    public const string ReferrersLinkMalformed = "referrers-link-malformed";
    public const string ReferrersIndexUnlisted = "referrers-index-unlisted";
    public const string ReferrersFilterRefused = "referrers-filter-refused";
    public const string ReferrersFilterUnsupported = "referrers-filter-unsupported";
    public const string ReferrersWrongStatus = "referrers-wrong-status";
    public const string ArtifactManifestUnlisted = "artifact-manifest-unlisted";
    public const string FallbackTagRefused = "fallback-tag-refused";
    public const string FallbackTagNotMoved = "fallback-tag-not-moved";
    public const string OrasPagesRefused = "oras-pages-refused";
    public const string OrasOldestFirst = "oras-oldest-first";
    public const string OrasOldestUnlisted = "oras-oldest-unlisted";
    public const string OrasFilterIgnored = "oras-filter-ignored";
    public const string UploadCancelWrongStatus = "upload-cancel-wrong-status";
    public const string UploadPutInvalidDigest404 = "upload-put-invalid-digest-404";
    public const string SinglePostNoLocation = "single-post-no-location";
    public const string ManifestContentTypeParamsRefused = "manifest-content-type-params-refused";
    public const string TagParamIgnored = "tag-param-ignored";
    public const string TagParamMaxNine = "tag-param-max-nine";
    public const string TagParamNoOciTagHeader = "tag-param-no-oci-tag-header";
    public const string SubjectMissingRefused = "subject-missing-refused";
    public const string OrasSubjectMissingAccepted = "oras-subject-missing-accepted";
    public const string ManifestLimitOneMib = "manifest-limit-one-mib";
    public const string ArtifactManifestRefused = "artifact-manifest-refused";
    public const string OrasManifestRefused = "oras-manifest-refused";
    public const string MountFallbackNoLocation = "mount-fallback-no-location";
    public const string UploadPostWrongStatus = "upload-post-wrong-status";
    public const string UploadPatchWrongStatus = "upload-patch-wrong-status";
    public const string ChunkShortFinalRefused = "chunk-short-final-refused";
    public const string ChunkFinalPutBodyRefused = "chunk-final-put-body-refused";
    public const string UploadStatusWrongStatus = "upload-status-wrong-status";
    public const string UploadSessionReused = "upload-session-reused";
    public const string SinglePostUnsupported = "single-post-unsupported";
    public const string SinglePostWrongStatus = "single-post-wrong-status";
    public const string MountMissingBlob400 = "mount-missing-blob-400";
    public const string MountWithoutFromPhantom = "mount-without-from-phantom";
    public const string MountWithoutFromIgnored = "mount-without-from-ignored";
    public const string ManifestEmptyRefused = "manifest-empty-refused";
    public const string ManifestPutByDigestRefused = "manifest-put-by-digest-refused";
    public const string TagParamWrongStatus = "tag-param-wrong-status";
    public const string ManifestDeleteUnsupported = "manifest-delete-unsupported";
    public const string BlobHead404 = "blob-head-404";
    public const string ReferrersInvalidDigestCrash = "referrers-invalid-digest-crash";
}
