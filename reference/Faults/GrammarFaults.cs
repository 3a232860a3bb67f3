using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

internal sealed class NameInvalidAccepted() : RegistryFault(
    "name-invalid-accepted",
    "Repository names outside the spec's grammar are accepted.",
    "<name> MUST match the spec's regular expression; a registry refuses others (an inference: the code table lists NAME_INVALID).")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        /// <summary>Any non-empty path segments not starting with '_' (which would clash with the storage layout).</summary>
        public override bool IsValidRepository(string name) =>
            base.IsValidRepository(name) || (name.Length > 0 && name.Split('/').All(s => s.Length > 0 && !s.StartsWith('_')));
    }
}

internal sealed class NameDoubleUnderscoreRefused() : RegistryFault(
    "name-double-underscore-refused",
    "Repository names with a `__` separator are refused with NAME_INVALID.",
    "Every repository name the spec's grammar allows MUST be usable.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override bool IsValidRepository(string name) => base.IsValidRepository(name) && !name.Contains("__", StringComparison.Ordinal);
    }
}

internal sealed class TagEdgeRefused() : RegistryFault(
    "tag-edge-refused",
    "Tags starting with `_` are refused as invalid.",
    "Every tag the spec's grammar allows MUST be usable.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override bool IsValidTag(string tag) => base.IsValidTag(tag) && !tag.StartsWith('_');
    }
}

internal sealed class Sha512Unsupported() : RegistryFault(
    "sha512-unsupported",
    "sha512 digests are refused with 400 DIGEST_INVALID.",
    "Optional: sha512 support (an unsupported algorithm is answered with 400).")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IRegistryPolicy>((policy, _) => new Policy(policy));

    private sealed class Policy(IRegistryPolicy inner) : PolicyDecorator(inner)
    {
        public override bool SupportsAlgorithm(string algorithm) => algorithm != Digest.Sha512 && base.SupportsAlgorithm(algorithm);
    }
}
