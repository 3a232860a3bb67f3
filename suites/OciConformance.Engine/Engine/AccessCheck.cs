using OciConformance.Http;

namespace OciConformance.Engine;

/// <summary>
/// Before any case: can the suite get past the registry's door? A <c>401</c> on <c>/v2/</c> after the client has
/// answered the challenge with what it was given (nothing, or the configured credentials) means every case would
/// only be refused, so the run stops here and says which scheme and realm asked, and which setting to provide.
/// </summary>
public static class AccessCheck
{
    /// <summary>Asks <c>/v2/</c> once; what the request met (a 429 and the wait for it) stays in <paramref name="log"/> for the run's totals.</summary>
    public static async Task EnsureAsync(SuiteEnvironment environment, ExchangeLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var client = environment.Client;
        var response = await client.SendAsync(new RegistryRequest(HttpMethod.Get, new Uri(client.BaseAddress, "/v2/")), log, cancellationToken);
        if (response.Status != 401)
        {
            return;
        }

        var challenge = AuthChallenge.Parse(response.Headers.Get("WWW-Authenticate"));
        var asked = challenge is null
            ? "but no WWW-Authenticate challenge"
            : $"and a {challenge.Scheme} challenge{(challenge.Realm is { } realm ? $" (realm \"{realm}\"{(challenge.Service is { } service ? $", service \"{service}\"" : "")})" : "")}";
        var target = environment.Options.Target;
        var remedy = target.Username is { } user
            ? $"the credentials of user '{user}' were not accepted; check target.username and target.password (OCI_USERNAME, OCI_PASSWORD, --username, --password)"
            : "no credentials are configured; set target.username and target.password (OCI_USERNAME, OCI_PASSWORD, --username, --password)";
        throw new RegistryAccessException($"{client.BaseAddress} answers GET /v2/ with 401 {asked}: {remedy}.");
    }
}
