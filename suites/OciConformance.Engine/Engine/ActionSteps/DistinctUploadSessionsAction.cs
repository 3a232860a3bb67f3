using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps;

/// <summary>Opens two upload sessions in the case's repository and checks that their locations differ, then cancels both.</summary>
public sealed class DistinctUploadSessionsAction : IScenarioAction
{
    public static readonly ActionCheck Distinct = new("distinct", "two upload sessions opened one after the other get different locations");

    public string Name => "distinct-upload-sessions";

    public IReadOnlyList<ActionCheck> Checks { get; } = [PushBlobAction.Post, Distinct];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var locations = new List<string>();
        RegistryResponse? last = null;
        for (var i = 0; i < 2; i++)
        {
            last = await run.SendAsync(new RegistryRequest(HttpMethod.Post, run.ResolveUrl($"/v2/{run.Repository}/blobs/uploads/", [])) { Headers = [new("Content-Length", "0")] }, cancellationToken);
            var location = last.Headers.Get("Location");
            if (!run.Check(PushBlobAction.Post, last.Status == 202 && location is not null, $"upload session {i + 1} opens with 202 and a Location", "202 with a Location header", $"{ExpectationEvaluator.StatusLine(last)}, Location {(location is null ? "absent" : "present")}", last))
            {
                return null;
            }

            locations.Add(location!);
        }

        // Relative and absolute spellings of one URL are the same session, so compare resolved URLs.
        var first = run.ResolveUrl(locations[0], []);
        var second = run.ResolveUrl(locations[1], []);
        run.Check(Distinct, first != second, "two upload sessions get different locations", "two different locations", $"both '{first}'", last);
        foreach (var location in new[] { first, second }.Distinct())
        {
            // Tidy only: whether the registry cancels is checked by the scenario about cancelling.
            await run.SendAsync(new RegistryRequest(HttpMethod.Delete, location), cancellationToken);
        }

        return last;
    }
}
