using System.Text.Json;
using OciConformance.Scenarios;

namespace OciConformance.Artifacts;

/// <summary>
/// Expands the artifact scenario templates (<c>fixtures/templates/artifact.json</c>) once per artifact: case
/// <c>artifact-&lt;name&gt;-&lt;template id&gt;</c> gets the artifact's manifest as manifest <c>artifact</c> (its subject as
/// <c>subject</c>), every blob it needs, and the variables <c>artifact.tag</c>, <c>artifact.type</c> and
/// <c>artifact.name</c>. A template that names what an artifact lacks (a subject, an artifactType) is not expanded for it.
/// </summary>
public static class ArtifactScenarios
{
    public const string Prefix = "artifact-";

    public static IEnumerable<Scenario> Expand(IReadOnlyList<Scenario> templates, ArtifactLayout artifact)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(artifact);
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["artifact.tag"] = artifact.Tag,
            ["artifact.name"] = artifact.Name,
        };
        if (artifact.ReferrerType is { } type)
        {
            vars["artifact.type"] = type;
        }

        var manifests = new Dictionary<string, ManifestDefinition>(StringComparer.Ordinal) { ["artifact"] = Definition(artifact.Manifest) };
        foreach (var manifest in artifact.Prerequisites)
        {
            manifests[manifest == artifact.Subject ? "subject" : PrerequisiteName(manifest)] = Definition(manifest);
        }

        var blobs = artifact.Blobs.ToDictionary(BlobName, b => new BlobDefinition(null, null, null, b.MediaType, b.Digest.Algorithm, b.File), StringComparer.Ordinal);
        foreach (var template in templates.Where(t => Fits(t, vars, manifests)))
        {
            yield return template with
            {
                Id = $"{Prefix}{artifact.Name}-{template.Id}",
                Title = $"{artifact.Title}: {template.Title}",
                Description = template.Description,
                Vars = new Dictionary<string, string>(template.Vars.Concat(vars), StringComparer.Ordinal),
                Blobs = blobs,
                Manifests = manifests,
                File = $"{template.File} with {artifact.Source}",
                Artifact = artifact,
            };
        }
    }

    /// <summary>The names of the blobs and prerequisite manifests a case pushes, in the order a registry must receive them.</summary>
    public static IEnumerable<string> BlobNames(ArtifactLayout artifact) => artifact.Blobs.Select(BlobName);

    public static IEnumerable<string> PrerequisiteNames(ArtifactLayout artifact) =>
        artifact.Prerequisites.Select(m => m == artifact.Subject ? "subject" : PrerequisiteName(m));

    private static string BlobName(LayoutBlob blob) => $"blob-{blob.Digest.Encoded[..16]}";

    private static string PrerequisiteName(LayoutManifest manifest) => $"manifest-{manifest.Digest.Encoded[..16]}";

    private static ManifestDefinition Definition(LayoutManifest manifest)
    {
        using var document = JsonDocument.Parse(manifest.Bytes);
        return new ManifestDefinition(manifest.MediaType, document.RootElement.Clone(), Raw: manifest.Bytes);
    }

    /// <summary>Whether the artifact has every artifact value and manifest the template names.</summary>
    private static bool Fits(Scenario template, Dictionary<string, string> vars, Dictionary<string, ManifestDefinition> manifests)
    {
        var text = string.Join('\n', template.Steps.Select(s => s.TemplateText()));
        return Templates.Placeholder().Matches(text).Select(m => m.Groups[1].Value).All(name =>
            name.StartsWith("artifact.", StringComparison.Ordinal) ? vars.ContainsKey(name)
            : name.StartsWith("manifest.", StringComparison.Ordinal) ? manifests.ContainsKey(name.Split('.')[1])
            : true);
    }
}
