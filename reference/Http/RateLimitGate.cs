using System.Globalization;
using OciConformance.Reference.Protocol;

namespace OciConformance.Reference.Http;

/// <summary>
/// The rate-limit switch (<see cref="RegistryOptions.RateLimitEvery"/>): every Nth request to <c>/v2/</c>, counted
/// across all clients, is answered <c>429 TOOMANYREQUESTS</c> with a <c>Retry-After</c>, as a busy public registry
/// does, and is not acted on. A legitimate registry behaviour, not a fault: a client is expected to wait and retry.
/// </summary>
internal sealed class RateLimitGate(int every, int retryAfterSeconds)
{
    private long _count;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal) || Interlocked.Increment(ref _count) % every != 0)
        {
            await next(context);
            return;
        }

        // Reading the body to its end keeps the connection usable and the client sure to see the answer, rather than
        // a reset while it is still sending a large blob.
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        var seconds = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        RegistryEndpoints.MarkApiVersion(context);
        context.Response.Headers.RetryAfter = seconds;
        await Responses.ErrorAsync(context, new RegistryError(StatusCodes.Status429TooManyRequests, ErrorCode.TooManyRequests, "too many requests: try again later", new { retryAfterSeconds }));
    }
}
