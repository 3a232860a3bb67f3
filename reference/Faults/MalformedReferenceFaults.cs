using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

internal sealed class MalformedDigestCrash() : RegistryFault(
    "malformed-digest-crash",
    "Manifest and blob requests (GET, HEAD, PUT, DELETE) whose reference is a malformed digest answer an empty 500, as CNCF distribution 2.8 does for manifests.",
    "A request with a malformed digest fails with 400 or a failure status the endpoint table gives its endpoint, never 5XX.")
{
    /// <summary>A reference with a ':' is meant as a digest (a tag cannot hold one); one that does not parse is malformed.</summary>
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => (x.Is(RouteKind.Manifest) || x.Is(RouteKind.Blob)) && !ManifestReads.IsTag(x) && x.ReferenceDigest is null,
            x => Responses.EmptyAsync(x.Context, StatusCodes.Status500InternalServerError));
}

internal sealed class TagInvalidAccepted() : RegistryFault(
    "tag-invalid-accepted",
    "A manifest PUT under a tag outside the grammar (too long, a leading '-' or '.', other characters) is stored under it.",
    "A tag is at most 128 characters matching [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}; no other tag is created.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        /// <summary>Anything without ':' (which would make it a digest) passes for a tag.</summary>
        public override bool IsValidTag(string tag) => base.IsValidTag(tag) || (tag.Length > 0 && !tag.Contains(':', StringComparison.Ordinal));
    }
}
