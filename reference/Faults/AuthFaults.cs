using OciConformance.Reference.Http;

namespace OciConformance.Reference.Faults;

internal sealed class TokenIgnoresScope() : RegistryFault(
    "token-ignores-scope",
    "Any valid bearer token is accepted for any repository and action.",
    "Authorization: a token only grants the scopes (repository and actions) it was issued for.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<ITokenService>((tokens, _) => new Tokens(tokens));

    private sealed class Tokens(ITokenService inner) : TokenServiceDecorator(inner)
    {
        public override bool Allows(TokenGrant grant, Access access) => true;
    }
}
