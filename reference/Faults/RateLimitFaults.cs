using OciConformance.Reference.Http;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Faults;

internal sealed class RateLimitNoRetryAfter() : RegistryFault(
    "rate-limit-no-retry-after",
    "More than 3 GETs of /v2/ within a second are answered 429 TOOMANYREQUESTS without Retry-After.",
    "SHOULD: a 429 answer says in Retry-After when the client may come back.")
{
    private const int PerSecond = 3;

    public override void Apply(FaultLayer layer)
    {
        // One window per registry instance: the fault matrix starts a registry per fault, and clients share it.
        var window = new Window();
        layer.Answer(
            x => x.Is(RouteKind.Base, HttpMethods.Get) && window.Exceeded(PerSecond),
            x => x.ErrorAsync(new RegistryError(StatusCodes.Status429TooManyRequests, ErrorCode.TooManyRequests, "too many requests", null)));
    }

    private sealed class Window
    {
        private readonly Lock _lock = new();
        private long _second;
        private int _count;

        public bool Exceeded(int limit)
        {
            var now = Environment.TickCount64 / 1000;
            lock (_lock)
            {
                if (now != _second)
                {
                    _second = now;
                    _count = 0;
                }

                return ++_count > limit;
            }
        }
    }
}
