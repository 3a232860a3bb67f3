using OciConformance.Reference.Http;

namespace OciConformance.Reference.Faults;

internal sealed class BaseWrongStatus() : RegistryFault(
    "base-wrong-status",
    "GET /v2/ answers 204 instead of 200.",
    "end-1: a registry implementing the spec answers GET /v2/ with 200 OK.")
{
    public override void Apply(FaultLayer layer) =>
        layer.Answer(x => x.Is(RouteKind.Base), x => Responses.EmptyAsync(x.Context, StatusCodes.Status204NoContent));
}
