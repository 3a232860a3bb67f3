using System.Text;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Requirements;
using OciConformance.Results;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>A value a step needed that an earlier step did not produce; the case stops at that step.</summary>
public sealed class MissingValueException(string message) : Exception(message)
{
    public MissingValueException() : this("a value is missing") { }

    public MissingValueException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}

/// <summary>
/// The state of one case while it runs: its own repository, its content, the values captured so far, the
/// exchanges it made and the checks it evaluated.
/// </summary>
public sealed class CaseRun
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MaterializedContent> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MaterializedContent> _manifests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _missing = new(StringComparer.Ordinal);
    private readonly List<CheckResult> _checks = [];
    private readonly HashSet<string> _sentDigests = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _boundProposals = new(StringComparer.Ordinal);

    /// <summary>A case; <paramref name="log"/> is an earlier attempt's, when the case starts over after a 429, so its exchanges stay on record.</summary>
    public CaseRun(Scenario scenario, SuiteEnvironment environment, ExchangeLog? log = null)
    {
        Scenario = scenario;
        Environment = environment;
        Log = log ?? new ExchangeLog();
        Repository = Cleanup.RunRepositories.Case(environment.Options.Target.Namespace, scenario.Id, environment.RunId);
        foreach (var (name, value) in scenario.Vars)
        {
            _values[name] = value;
        }

        // What loading the artifact found (a media type no schema knows, a foreign layer left out) is said in its cases.
        _notes.AddRange(scenario.Artifact?.Notes ?? []);
    }

    /// <summary>
    /// A second repository of the case, for flows that span two (a cross-repository mount). It sits under the
    /// configured cross-mount namespace when there is one, since some registries mount only within a namespace.
    /// </summary>
    public string SourceRepository => Cleanup.RunRepositories.Source(Environment.Options.Target.CrossMountNamespace ?? Environment.Options.Target.Namespace, Scenario.Id, Environment.RunId);

    public Scenario Scenario { get; }

    /// <summary>
    /// Whether the suite itself sent exactly these bytes in this case: a registry that serves them back is not to
    /// blame for their format (the suite checked its own manifests before sending them, or meant them to be odd).
    /// </summary>
    public bool SentItself(ContentDigests digests)
    {
        lock (_sentDigests)
        {
            return _sentDigests.Contains(digests.Sha256.Encoded);
        }
    }
    public SuiteEnvironment Environment { get; }
    public string Repository { get; }
    public ExchangeLog Log { get; }
    public IReadOnlyList<CheckResult> Checks => _checks;

    /// <summary>Plain-language findings of the case (e.g. "referrers API: not supported"), carried in its message.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The step being run, for check records.</summary>
    public Step? CurrentStep { get; set; }

    public void Set(string name, string value) => _values[name] = value;

    /// <summary>Records a finding that explains the outcome, so a pass or a "not supported" says what was found.</summary>
    public void Note(string text) => _notes.Add(text);

    /// <summary>Records that the registry showed a proposal's signal in this case: from now on its rules bind.</summary>
    public void BindProposal(string proposal) => _boundProposals.Add(proposal);

    /// <summary>
    /// Whether a proposal's rules bind the registry: it showed the proposal's signal in this case, or the operator
    /// declared the proposal in <c>run.proposals</c>. Until then a refusal of the proposal reads "not supported".
    /// </summary>
    public bool Binds(string proposal) => _boundProposals.Contains(proposal) || Environment.Options.Run.Proposals.Contains(proposal, StringComparer.Ordinal);

    /// <summary>Records why a capture has no value, so the step that needs it can say so.</summary>
    public void SetMissing(string name, string reason) => _missing[name] = reason;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, blob) in Scenario.Blobs)
        {
            _blobs[name] = blob switch
            {
                { File: { } file } => await MaterializedContent.FromFileAsync(file, blob.MediaType, blob.Algorithm, cancellationToken),
                { Size: { } size } => await MaterializedContent.GeneratedAsync(MaterializedContent.Seed(Environment.RunId, Scenario.Id, name), size, blob.MediaType, blob.Algorithm, cancellationToken),
                { Text: { } text } => MaterializedContent.FromBytes(Encoding.UTF8.GetBytes(Render(text)), blob.MediaType, blob.Algorithm),
                _ => MaterializedContent.FromBytes(Serialize(Templates.Render(blob.Json!.Value, Resolve)), blob.MediaType, blob.Algorithm),
            };
        }
    }

    public MaterializedContent Blob(string name) => _blobs[name];

    /// <summary>Manifests render on first use, so one may embed the digest of another defined before it is needed.</summary>
    public MaterializedContent Manifest(string name)
    {
        if (!_manifests.TryGetValue(name, out var manifest))
        {
            var definition = Scenario.Manifests[name];
            if (definition.Raw is { } raw)
            {
                // An artifact's manifest goes out as its layout holds it; the layout reader validated it already.
                manifest = MaterializedContent.FromBytes(raw, definition.MediaType, Digest.Sha256);
                _manifests[name] = manifest;
                return manifest;
            }

            manifest = MaterializedContent.FromBytes(Serialize(Templates.Render(definition.Content, Resolve)), definition.MediaType, Digest.Sha256);
            if (definition.InvalidOnPurpose is null)
            {
                ContentValidation.EnsureValidFixture(this, name, manifest);
            }

            _manifests[name] = manifest;
        }

        return manifest;
    }

    public MaterializedContent Content(BodySource source) => source switch
    {
        { Blob: { } blob } => Blob(blob),
        { Manifest: { } manifest } => Manifest(manifest),
        _ => MaterializedContent.FromBytes(Encoding.UTF8.GetBytes(Render(source.Text ?? "")), "text/plain", Digest.Sha256),
    };

    private static byte[] Serialize(System.Text.Json.Nodes.JsonNode? node) => ClientJson.Serialize(node, indented: true);

    public string Render(string template) => Templates.Render(template, Resolve);

    public string Resolve(string name)
    {
        if (_values.TryGetValue(name, out var value))
        {
            return value;
        }

        var parts = name.Split('.');
        return (parts[0], parts.Length) switch
        {
            ("repo", 1) => Repository,
            ("namespace", 1) => Environment.Options.Target.Namespace,
            ("run", 1) => Environment.RunId,
            ("sourceRepo", 1) => SourceRepository,
            _ when Templates.FillerLength(name) is { } length => new string(Padding.Character, length),
            ("missing", 2) when parts[1] == "digest" => $"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"absent:{Environment.RunId}:{Scenario.Id}")))}",
            ("blob", 3) => Property(Blob(parts[1]), parts[2], name),
            ("manifest", 3) => Property(Manifest(parts[1]), parts[2], name),
            _ => throw new MissingValueException(_missing.TryGetValue(name, out var reason) ? $"'{name}' has no value: {reason}" : $"'{name}' has no value yet"),
        };
    }

    private static string Property(MaterializedContent content, string property, string name) => property switch
    {
        "digest" => content.Digest.ToString(),
        "sha512" => content.Sha512.ToString(),
        "size" => content.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "mediaType" => content.MediaType,
        _ => throw new MissingValueException($"'{name}': unknown property '{property}'"),
    };

    /// <summary>A path or URL from a fixture, resolved against the registry's base URL (Location may be relative).</summary>
    public Uri ResolveUrl(string pathOrUrl, IEnumerable<KeyValuePair<string, string>> query)
    {
        var url = new Uri(Environment.Client.BaseAddress, pathOrUrl);
        var extra = string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        if (extra.Length == 0)
        {
            return url;
        }

        var builder = new UriBuilder(url);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? extra : $"{builder.Query.TrimStart('?')}&{extra}";
        return builder.Uri;
    }

    /// <summary>Sends a request; every manifest or API body that comes back is checked against its format.</summary>
    public async Task<RegistryResponse> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        if (request.Body?.Excerpt is { } sent)
        {
            lock (_sentDigests)
            {
                _sentDigests.Add(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sent.Span)));
            }
        }

        var response = await Environment.Client.SendAsync(request, Log, cancellationToken);
        Environment.Ledger.Observe(request, response, Scenario.Id, SizeOf);
        ContentValidation.CheckResponse(this, request, response);
        return response;
    }

    /// <summary>The size of a blob or manifest of this case by its digest, or null when the case holds none by it.</summary>
    private long? SizeOf(string digest) =>
        _blobs.Values.Concat(_manifests.Values).FirstOrDefault(c => c.Digest.ToString() == digest || (digest.StartsWith("sha512:", StringComparison.Ordinal) && c.Sha512.ToString() == digest))?.Size;

    public Requirement RequirementFor(string id) => Environment.Requirements[id];

    /// <summary>Whether the requirement is part of the spec version the run checks; a check of one that is not does not count.</summary>
    public bool Counts(string id) => RequirementFor(id).AppliesAt(Environment.Options.Run.SpecVersion);

    /// <summary>Records a check of the running action under the requirement its step names for the check's key.</summary>
    public bool Check(ActionCheck check, bool passed, string description, string? expected = null, string? actual = null, RegistryResponse? response = null, string? gate = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        var step = CurrentStep ?? throw new InvalidOperationException($"check '{check.Key}' recorded outside a step.");
        // The loader makes a step name every check its action declares; a key it lacks is one the action forgot to declare.
        var requirement = step.Checks.TryGetValue(check.Key, out var id)
            ? id
            : throw new InvalidOperationException($"action '{step.Action}' records check '{check.Key}', which it does not declare.");
        return Check(requirement, passed, description, expected, actual, response, gate);
    }

    /// <summary>Records one evaluated expectation and returns whether it held.</summary>
    public bool Check(string requirement, bool passed, string description, string? expected = null, string? actual = null, RegistryResponse? response = null, string? gate = null)
    {
        _checks.Add(new CheckResult
        {
            Requirement = requirement,
            Level = RequirementFor(requirement).LevelAt(Environment.Options.Run.SpecVersion).ToText(),
            Passed = passed,
            Description = Counts(requirement) ? description : $"{description} (not counted: outside spec {Environment.Options.Run.SpecVersion})",
            Expected = passed ? null : expected,
            Actual = passed ? null : actual,
            Step = CurrentStep?.Name ?? "",
            Exchange = response?.Exchange.Sequence,
            // An undeclared feature is a suite bug: looking it up fails the case as an error, never a verdict.
            Gate = gate is null ? null : Environment.Requirements.Feature(gate).Id,
            Inferred = RequirementFor(requirement).Inferred is null ? null : true,
            Setup = CurrentStep?.Setup ?? false,
            BlockedBy = passed ? null : AccessBlockOf(response),
        });
        return passed;
    }

    /// <summary>
    /// Why a failed check on this answer cannot be judged: a 401, 403 or 429 the step did not ask for. A step that
    /// expects that status (an authentication check, say) is judged as written.
    /// </summary>
    private string? AccessBlockOf(RegistryResponse? response) =>
        response is not null && AccessBlock.ForStatus(response.Status) is { } reason && !(CurrentStep?.ExpectsStatus(response.Status) ?? false)
            ? reason
            : null;
}
