using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OciConformance.Content;
using OciConformance.Formats;

namespace OciConformance.Artifacts;

/// <summary>
/// Reads an artifact from disk: an OCI image layout (image-spec image-layout.md: <c>oci-layout</c>, <c>index.json</c>,
/// <c>blobs/&lt;alg&gt;/&lt;encoded&gt;</c>), as skopeo, oras, umoci or any OCI tool writes it, or a plain folder with a
/// <c>manifest.json</c> and its blobs in files named by digest (skopeo's <c>dir:</c> transport). Every blob an artifact
/// needs is found and hashed while streamed from disk (never held whole), and every manifest is checked against the
/// schema of its media type, so a broken artifact is reported as such before the registry sees it.
/// </summary>
public sealed partial class LayoutReader(FormatCatalog formats)
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>The tag an artifact gets when its layout names none.</summary>
    public const string DefaultTag = "v1";

    /// <summary>A manifest larger than this is no manifest a registry need take (distribution-spec: 4 MiB); reading stops there.</summary>
    private const long MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Every artifact the folder holds: one per manifest its <c>index.json</c> lists (a plain folder holds one).
    /// <paramref name="name"/> names them in cases; several get their tag appended.
    /// </summary>
    public IReadOnlyList<ArtifactLayout> Read(string folder, string name, string title, bool isPack)
    {
        var source = Path.GetFullPath(folder);
        if (File.Exists(source))
        {
            throw new ArtifactException(source, "is a file, not a folder: an artifact is an OCI image layout folder (oci-layout, index.json, blobs/) or a folder with a manifest.json; extract an archive first.");
        }

        if (!Directory.Exists(source))
        {
            throw new ArtifactException(source, "no such folder.");
        }

        var store = new BlobFiles(source);
        List<(JsonElement Descriptor, string Tag)> entries;
        JsonDocument? index = null;
        try
        {
            if (File.Exists(Path.Combine(source, "oci-layout")))
            {
                CheckLayoutVersion(source);
                index = ParseFile(source, "index.json");
                entries = Entries(source, index.RootElement);
                store.IsLayout = true;
            }
            else if (File.Exists(Path.Combine(source, "manifest.json")))
            {
                var bytes = File.ReadAllBytes(Path.Combine(source, "manifest.json"));
                var manifest = ParseBytes(source, "manifest.json", bytes);
                var mediaType = InferMediaType(manifest.RootElement) ?? throw new ArtifactException(source, "manifest.json has no mediaType field and is neither an image manifest (config, layers) nor an index (manifests): its media type is unknown.");
                store.Loose = new LayoutManifest(Digest.Sha256Of(bytes), mediaType, bytes);
                entries = [(Synthetic(store.Loose), DefaultTag)];
            }
            else
            {
                throw new ArtifactException(source, "is neither an OCI image layout (no oci-layout file) nor a folder with a manifest.json.");
            }

            if (entries.Count == 0)
            {
                throw new ArtifactException(source, "index.json lists no manifest: there is nothing to push.");
            }

            entries = WithoutSubjectsOfOthers(store, entries);

            return [.. entries.Select(e => ReadOne(store, e.Descriptor, e.Tag, entries.Count == 1 ? name : Names.Of($"{name}-{e.Tag}"), entries.Count == 1 ? title : $"{title} ({e.Tag})", isPack))];
        }
        finally
        {
            index?.Dispose();
        }
    }

    /// <summary>
    /// Leaves out the entries that are another entry's subject: a layout that holds an artifact and the image it
    /// refers to (two skopeo copies into one layout, say) is one artifact, its subject pushed as its prerequisite.
    /// </summary>
    private List<(JsonElement Descriptor, string Tag)> WithoutSubjectsOfOthers(BlobFiles store, List<(JsonElement Descriptor, string Tag)> entries)
    {
        if (entries.Count < 2)
        {
            return entries;
        }

        var subjects = new HashSet<Digest>();
        foreach (var (descriptor, _) in entries)
        {
            var manifest = new Walk(this, store).Manifest(descriptor, "index.json");
            using var document = ParseBytes(store.Root, manifest.Digest.ToString(), manifest.Bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("subject", out var subject)
                && subject.ValueKind == JsonValueKind.Object && String(subject, "digest") is { } digest && Digest.TryParse(digest, out var parsed))
            {
                subjects.Add(parsed);
            }
        }

        var artifacts = entries.Where(e => !(String(e.Descriptor, "digest") is { } d && Digest.TryParse(d, out var parsed) && subjects.Contains(parsed))).ToList();
        return artifacts.Count > 0 ? artifacts : entries;
    }

    private static JsonElement Synthetic(LayoutManifest manifest)
    {
        using var descriptor = JsonDocument.Parse(ClientJson.Serialize(new JsonObject { ["mediaType"] = manifest.MediaType, ["digest"] = manifest.Digest.ToString(), ["size"] = manifest.Bytes.Length }));
        return descriptor.RootElement.Clone();
    }

    private static void CheckLayoutVersion(string source)
    {
        using var layout = ParseFile(source, "oci-layout");
        var version = layout.RootElement.ValueKind == JsonValueKind.Object && layout.RootElement.TryGetProperty("imageLayoutVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (version is null)
        {
            throw new ArtifactException(source, "oci-layout has no imageLayoutVersion string.");
        }

        if (version != "1.0.0")
        {
            throw new ArtifactException(source, $"oci-layout says imageLayoutVersion '{version}'; only 1.0.0 is defined (image-spec image-layout.md).");
        }
    }

    private static List<(JsonElement, string)> Entries(string source, JsonElement index)
    {
        if (index.ValueKind != JsonValueKind.Object || !index.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            throw new ArtifactException(source, "index.json has no manifests array.");
        }

        var entries = new List<(JsonElement, string)>();
        foreach (var entry in manifests.EnumerateArray())
        {
            var refName = entry.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
                && annotations.TryGetProperty(RefNameAnnotation, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
            entries.Add((entry.Clone(), TagOf(source, refName)));
        }

        var repeated = entries.GroupBy(e => e.Item2, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArtifactException(source, $"index.json lists {repeated.Count()} manifests under the tag '{repeated.Key}' ({RefNameAnnotation}); give each its own.");
        }

        return entries;
    }

    /// <summary>The tag part of a ref name: tools write a bare tag, some a whole reference (<c>host/name:tag</c>).</summary>
    private static string TagOf(string source, string? refName)
    {
        if (refName is null)
        {
            return DefaultTag;
        }

        var colon = refName.LastIndexOf(':');
        var tag = colon > refName.LastIndexOf('/') ? refName[(colon + 1)..] : refName;
        return TagGrammar().IsMatch(tag)
            ? tag
            : throw new ArtifactException(source, $"index.json names a manifest '{refName}' ({RefNameAnnotation}), which holds no valid tag ([a-zA-Z0-9_][a-zA-Z0-9._-]{{0,127}}).");
    }

    private ArtifactLayout ReadOne(BlobFiles store, JsonElement descriptor, string tag, string name, string title, bool isPack)
    {
        var walk = new Walk(this, store);
        var manifest = walk.Manifest(descriptor, "index.json");
        using var document = ParseBytes(store.Root, manifest.Digest.ToString(), manifest.Bytes);
        var root = document.RootElement;
        LayoutManifest? subject = null;
        if (root.TryGetProperty("subject", out var subjectDescriptor))
        {
            subject = walk.Manifest(subjectDescriptor, $"the subject of {manifest.Digest}");
            walk.Needs(subject);
            walk.Prerequisites.Add(subject);
        }

        walk.Needs(manifest);
        return new ArtifactLayout
        {
            Name = name,
            Title = title,
            Source = store.Root,
            Tag = tag,
            Manifest = manifest,
            Subject = subject,
            Prerequisites = walk.Prerequisites,
            Blobs = walk.Blobs,
            ReferrerType = String(root, "artifactType") ?? (root.TryGetProperty("config", out var config) ? String(config, "mediaType") : null),
            Notes = walk.Notes,
            IsPack = isPack,
        };
    }

    /// <summary>Everything one artifact needs, collected once each, in the order a registry must receive it.</summary>
    private sealed class Walk(LayoutReader reader, BlobFiles store)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        /// <summary>A layout inside content the stamp checked (a shipped pack) had its digests and schemas checked then.</summary>
        private readonly bool _checkedBefore = CheckedContent.Covers(store.Root);

        public List<LayoutManifest> Prerequisites { get; } = [];

        public List<LayoutBlob> Blobs { get; } = [];

        public List<string> Notes { get; } = [];

        public LayoutManifest Manifest(JsonElement descriptor, string where)
        {
            var (digest, size, mediaType) = Descriptor(store.Root, descriptor, where);
            if (store.Loose is { } loose && loose.Digest == digest)
            {
                return loose;
            }

            if (size > MaxManifestBytes)
            {
                throw new ArtifactException(store.Root, $"{where} names a {mediaType} of {size} bytes ({digest}); a manifest of more than {MaxManifestBytes} bytes is not one the suite pushes.");
            }

            var file = store.Find(digest) ?? throw new ArtifactException(store.Root, $"{where} names {mediaType} {digest}, which is not in the layout ({store.Expected(digest)}).");
            var bytes = File.ReadAllBytes(file);
            BlobFiles.Verify(store.Root, file, digest, size, bytes, _checkedBefore);
            return new LayoutManifest(digest, mediaType, bytes);
        }

        /// <summary>Collects what a manifest points at (its config and layers, or an index's manifests) and validates it.</summary>
        public void Needs(LayoutManifest manifest)
        {
            if (!_seen.Add(manifest.Digest.ToString()))
            {
                return;
            }

            using var document = ParseBytes(store.Root, manifest.Digest.ToString(), manifest.Bytes);
            var root = document.RootElement;
            reader.Validate(store.Root, manifest, root, Notes, _checkedBefore);
            if (root.TryGetProperty("config", out var config))
            {
                Blob(config, $"the config of {manifest.Digest}");
            }

            foreach (var list in new[] { "layers", "blobs" })
            {
                if (root.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        Blob(item, $"a {list[..^1]} of {manifest.Digest}");
                    }
                }
            }

            if (root.TryGetProperty("manifests", out var children) && children.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in children.EnumerateArray())
                {
                    var loaded = Manifest(child, $"a manifest of index {manifest.Digest}");
                    Needs(loaded);
                    if (Prerequisites.All(p => p.Digest != loaded.Digest))
                    {
                        Prerequisites.Add(loaded);
                    }
                }
            }
        }

        private void Blob(JsonElement descriptor, string where)
        {
            var (digest, size, mediaType) = Descriptor(store.Root, descriptor, where);
            if (!_seen.Add(digest.ToString()))
            {
                return;
            }

            var file = store.Find(digest);
            if (file is null && descriptor.TryGetProperty("urls", out _))
            {
                // A foreign (non-distributable) layer may live elsewhere, by its urls: a layout need not carry it, and a
                // registry need not hold it for the manifest.
                Notes.Add($"{where} ({mediaType}, {digest}) is not in the layout and names urls: not pushed");
                return;
            }

            if (file is null)
            {
                throw new ArtifactException(store.Root, $"{where} names blob {digest} ({mediaType}), which is not in the layout ({store.Expected(digest)}).");
            }

            BlobFiles.Verify(store.Root, file, digest, size, null, _checkedBefore);
            Blobs.Add(new LayoutBlob(digest, size, mediaType, file));
        }
    }

    /// <summary>
    /// Checks a manifest against the schema of its media type and version. A media type or version no schema covers is
    /// noted, not refused: the round trip still runs, it just cannot say whether the document is well formed.
    /// </summary>
    private void Validate(string source, LayoutManifest manifest, JsonElement root, List<string> notes, bool checkedBefore)
    {
        if (String(root, "mediaType") is { } declared && declared != manifest.MediaType)
        {
            throw new ArtifactException(source, $"{manifest.Digest} is described as {manifest.MediaType}, but its mediaType field says {declared}; the two must agree (image-spec descriptor.md).");
        }

        var format = formats.FindByMediaType(manifest.MediaType);
        if (format is null)
        {
            notes.Add($"no schema for {manifest.MediaType}: {manifest.Digest} is not validated");
            return;
        }

        if (root.TryGetProperty("schemaVersion", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number) && number == 2))
        {
            notes.Add($"no schema for {manifest.MediaType} schemaVersion {version.GetRawText()}: {manifest.Digest} is not validated");
            return;
        }

        if (checkedBefore)
        {
            return;
        }

        var check = formats.Check(format, manifest.Bytes);
        if (check.Outcome != CheckOutcome.Valid)
        {
            var first = check.Violations.Count > 0 ? check.Violations[0] : null;
            throw new ArtifactException(source, $"{manifest.Digest} is not a valid {format.Name} {check.Version?.Version}: {(first is null ? "not JSON" : $"{(first.InstancePath.Length == 0 ? "/" : first.InstancePath)}: {first.Message} ({first.Rule})")}.");
        }
    }

    private static (Digest Digest, long Size, string MediaType) Descriptor(string source, JsonElement descriptor, string where)
    {
        var mediaType = String(descriptor, "mediaType");
        var digestText = String(descriptor, "digest");
        if (mediaType is null || digestText is null || !descriptor.TryGetProperty("size", out var size) || !size.TryGetInt64(out var length) || length < 0)
        {
            throw new ArtifactException(source, $"{where}: a descriptor needs mediaType, digest and size (image-spec descriptor.md); got {descriptor.GetRawText()}.");
        }

        if (!Digest.TryParse(digestText, out var digest) || digest.Algorithm is not (Digest.Sha256 or Digest.Sha512))
        {
            throw new ArtifactException(source, $"{where}: '{digestText}' is not a sha256 or sha512 digest.");
        }

        return (digest, length, mediaType);
    }

    /// <summary>A plain folder's manifest may leave out mediaType (it is optional in OCI 1.0): its shape tells.</summary>
    private static string? InferMediaType(JsonElement root) =>
        root.ValueKind != JsonValueKind.Object ? null
        : String(root, "mediaType") is { } declared ? declared
        : root.TryGetProperty("config", out _) && root.TryGetProperty("layers", out _) ? "application/vnd.oci.image.manifest.v1+json"
        : root.TryGetProperty("manifests", out _) ? "application/vnd.oci.image.index.v1+json"
        : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument ParseFile(string source, string file)
    {
        var path = Path.Combine(source, file);
        if (!File.Exists(path))
        {
            throw new ArtifactException(source, $"has no {file}.");
        }

        return ParseBytes(source, file, File.ReadAllBytes(path));
    }

    private static JsonDocument ParseBytes(string source, string what, byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new ArtifactException(source, $"{what} is not JSON: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagGrammar();
}
