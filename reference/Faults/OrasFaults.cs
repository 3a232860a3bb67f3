using System.Globalization;
using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

/// <summary>Changes what the ORAS referrers endpoint lists.</summary>
internal static class OrasLists
{
    public static void Bend(FaultLayer layer, Func<IReferrers, string, Digest, string?, IReadOnlyList<StoredManifest>> oras) =>
        layer.Decorate<IReferrers>((referrers, _) => new ReferrersDecorator(referrers, oras: oras));
}

internal sealed class OrasNoApiVersion() : RegistryFault(
    "oras-no-api-version",
    "The ORAS referrers endpoint answers without ORAS-Api-Version.",
    "SHOULD: an ORAS referrers response carries ORAS-Api-Version: oras/1.0.")
{
    public override void Apply(FaultLayer layer) => layer.RemoveHeader(x => x.Is(RouteKind.OrasReferrers), "ORAS-Api-Version");
}

internal sealed class OrasPagesRefused() : RegistryFault(
    "oras-pages-refused",
    "ORAS referrers pages after the first (with nextToken) answer 400.",
    "GET of the ORAS referrers endpoint MUST answer 200 with the referrers.")
{
    /// <summary>Only requests the endpoint would otherwise take as far as the token: extension on, digest and n valid.</summary>
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => x.Is(RouteKind.OrasReferrers) && x.Services.Options.OrasArtifacts && x.QueryDigest("digest") is not null && HasValidN(x)
                && x.Query.ContainsKey("nextToken"),
            x => x.ErrorAsync(new RegistryError(400, ErrorCode.Unsupported, "nextToken is not supported")));

    private static bool HasValidN(Exchange x) =>
        !x.Query.ContainsKey("n") || (int.TryParse(x.Query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n != 0);
}

internal sealed class OrasEndpointMissing() : RegistryFault(
    "oras-endpoint-missing",
    "The ORAS referrers endpoint answers 404 although the extension discovery lists it.",
    "A registry that announces the ORAS extension (discovery lists _oras) MUST answer its referrers endpoint with 200.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(
            x => x.Is(RouteKind.OrasReferrers) && x.Services.Options.OrasArtifacts,
            x => x.ErrorAsync(new RegistryError(404, ErrorCode.Unsupported, "no such endpoint")));
}

internal sealed class OrasOldestFirst() : RegistryFault(
    "oras-oldest-first",
    "ORAS referrers are listed oldest first.",
    "ORAS referrers MUST be listed newest first by `io.cncf.oras.artifact.created`.")
{
    public override void Apply(FaultLayer layer) =>
        OrasLists.Bend(layer, (inner, repository, subject, artifactType) =>
        [
            .. inner.Oras(repository, subject, artifactType)
                .OrderBy(m => Referrers.Created(m) is null)
                .ThenBy(Referrers.Created)
                .ThenBy(m => m.Digest.ToString(), StringComparer.Ordinal),
        ]);
}

internal sealed class OrasOldestUnlisted() : RegistryFault(
    "oras-oldest-unlisted",
    "The last ORAS referrer (the oldest) is left out of the list.",
    "The ORAS referrers list MUST hold every artifact whose subject is the digest.")
{
    public override void Apply(FaultLayer layer) =>
        OrasLists.Bend(layer, (inner, repository, subject, artifactType) => [.. inner.Oras(repository, subject, artifactType).SkipLast(1)]);
}

internal sealed class OrasFilterIgnored() : RegistryFault(
    "oras-filter-ignored",
    "The ORAS referrers endpoint ignores artifactType (the allowed unfiltered answer).",
    "MAY: the ORAS referrers endpoint filters by artifactType.")
{
    public override void Apply(FaultLayer layer) => OrasLists.Bend(layer, (inner, repository, subject, _) => inner.Oras(repository, subject, null));
}
