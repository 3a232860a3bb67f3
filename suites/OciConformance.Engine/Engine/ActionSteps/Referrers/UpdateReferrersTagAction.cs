using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine.ActionSteps.Referrers;

/// <summary>
/// Does what a client does for the referrers tag schema: reads the index under the referrers tag of
/// <c>with.subject</c> (a 404 means start from an empty one), adds the descriptor of <c>with.add</c> or removes that of
/// <c>with.remove</c> (never listing one twice), pushes it back under the tag and reads it again. The registry's part
/// is checked: it accepts the index under that tag, serves it back byte for byte, and moves the tag on an update.
/// <c>with.existing</c> says the tag was pushed before, so a 404 means the registry lost it; <c>with.as</c> publishes
/// the tag's name to later steps.
/// </summary>
public sealed class UpdateReferrersTagAction : IScenarioAction
{
    public string Name => "update-referrers-tag";

    public IReadOnlyList<ActionCheck> Checks { get; } = [ReferrersTagIndex.Accepted, ReferrersTagIndex.Served, ReferrersTagIndex.Moved];

    public async Task<RegistryResponse?> RunAsync(CaseRun run, Step step, CancellationToken cancellationToken)
    {
        var subject = run.Render(Actions.Argument(step, "subject"));
        var tag = ReferrersTag.For(subject);
        var existing = With.Flag(step, "existing", false);
        var current = await ReferrersTagIndex.GetAsync(run, tag, cancellationToken);
        List<JsonObject> entries;
        if (current.Status == 404 && !existing)
        {
            entries = [];
        }
        else if (!run.Check(ReferrersTagIndex.Served, current.Status == 200, existing ? $"referrers tag {tag}, pushed earlier, is still there" : $"referrers tag {tag} answers 200 or, before its first push, 404",
            existing ? "200" : "200 or 404", ExpectationEvaluator.StatusLine(current), current))
        {
            return current;
        }
        else if (ReferrersTagIndex.Entries(run, current, tag) is { } read)
        {
            entries = read;
        }
        else
        {
            return current;
        }

        var change = Change(run, step);
        entries.RemoveAll(e => ReferrersTagIndex.DigestOf(e) == change.Referrer.Digest);
        if (change.Add)
        {
            entries.Add(JsonSerializer.SerializeToNode(change.Referrer.ToDescriptor())!.AsObject());
        }

        var bytes = ReferrersTagIndex.Serialize(entries);
        var put = await run.SendAsync(new RegistryRequest(HttpMethod.Put, ReferrersTagIndex.Url(run, tag))
        {
            Headers = [new("Content-Type", Referrer.ImageIndex)],
            Body = RequestBody.FromBytes(bytes, $"referrers index of {subject}"),
        }, cancellationToken);
        if (!run.Check(ReferrersTagIndex.Accepted, put.Status == 201, $"an image index pushed under referrers tag {tag} ({tag.Length} characters) is accepted with 201", "201", ExpectationEvaluator.StatusLine(put), put))
        {
            return put;
        }

        if (With.String(step, "as") is { } name)
        {
            run.Set(name, tag);
        }

        var back = await ReferrersTagIndex.GetAsync(run, tag, cancellationToken);
        var pushed = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var served = back.Body.Digests.Sha256.ToString();
        var check = current.Status == 200 ? ReferrersTagIndex.Moved : ReferrersTagIndex.Served;
        run.Check(check, back.Status == 200 && served == $"sha256:{pushed}",
            current.Status == 200 ? $"referrers tag {tag} now serves the updated index, byte for byte" : $"referrers tag {tag} serves the pushed index byte for byte",
            $"200 with sha256:{pushed} ({bytes.Length} bytes)", $"{ExpectationEvaluator.StatusLine(back)} with {served} ({back.Body.Length} bytes)", back);
        run.Check(ReferrersTagIndex.Served, ReferrersApi.MediaTypeOf(back.Headers.Get("Content-Type")) == Referrer.ImageIndex,
            $"referrers tag {tag} is served with Content-Type {Referrer.ImageIndex}", Referrer.ImageIndex, back.Headers.Get("Content-Type") ?? "absent", back);
        return back;
    }

    private sealed record Edit(Referrer Referrer, bool Add);

    private static Edit Change(CaseRun run, Step step) =>
        With.String(step, "add") is { } add ? new Edit(Referrer.Of(run, add), true)
        : With.String(step, "remove") is { } remove ? new Edit(Referrer.Of(run, remove), false)
        : throw new Fixtures.FixtureException($"step '{step.Name}': action 'update-referrers-tag' needs with.add or with.remove (a manifest name).");
}
