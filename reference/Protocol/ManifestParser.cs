using System.Text.Json;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Protocol;

/// <summary>
/// Structural validation of the manifest formats the registry accepts. It checks what a registry must know
/// (type, schema version, descriptors it has to resolve, subject) and leaves image-spec authoring rules to clients.
/// </summary>
internal static class ManifestParser
{
    private sealed class ManifestFormatException(string message) : Exception(message);

    /// <summary>Parses <paramref name="body"/> as the manifest type named by <paramref name="contentType"/> (the request's Content-Type essence, or null) or its mediaType field.</summary>
    public static (ManifestInfo? Info, RegistryError? Error) Parse(byte[] body, string? contentType, RegistryOptions options)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("manifest is not a JSON object");
            }

            var declared = OptionalString(root, "mediaType");
            if (declared is not null && contentType is not null && !string.Equals(declared, contentType, StringComparison.OrdinalIgnoreCase))
            {
                return Invalid($"mediaType field '{declared}' does not match Content-Type '{contentType}'");
            }

            var mediaType = (declared ?? contentType)?.ToLowerInvariant();
            if (mediaType is null)
            {
                return Invalid("manifest type unknown: no Content-Type and no mediaType field");
            }

            return mediaType switch
            {
                MediaTypes.OciManifest => (ImageManifest(root, mediaType, requireMediaType: false), null),
                MediaTypes.DockerManifest => (ImageManifest(root, mediaType, requireMediaType: true), null),
                MediaTypes.OciIndex => (Index(root, mediaType, requireMediaType: false), null),
                MediaTypes.DockerManifestList => (Index(root, mediaType, requireMediaType: true), null),
                MediaTypes.OciArtifact when options.ArtifactManifest => (ArtifactManifest(root, mediaType, listed: true, requireArtifactType: false), null),
                MediaTypes.OrasArtifact when options.OrasArtifacts => (ArtifactManifest(root, mediaType, listed: false, requireArtifactType: true), null),
                MediaTypes.OciObject when options.ObjectManifest => (ObjectManifest(root, mediaType), null),
                _ when options.OpaqueManifests && MediaTypes.IsValid(mediaType) => (Opaque(mediaType), null),
                _ => Invalid($"unsupported manifest media type '{mediaType}'"),
            };
        }
        catch (JsonException exception)
        {
            return Invalid($"manifest is not valid JSON: {exception.Message}");
        }
        catch (ManifestFormatException exception)
        {
            return Invalid(exception.Message);
        }
    }

    private static (ManifestInfo?, RegistryError?) Invalid(string message) =>
        (null, new RegistryError(400, ErrorCode.ManifestInvalid, message));

    private static ManifestInfo ImageManifest(JsonElement root, string mediaType, bool requireMediaType)
    {
        RequireSchemaVersion(root);
        RequireDeclaredType(root, mediaType, requireMediaType);
        var config = Descriptor(Required(root, "config"), "config");
        var layers = DescriptorArray(Required(root, "layers"), "layers");
        var subject = Subject(root);
        var artifactType = ArtifactType(root);
        return new ManifestInfo(
            mediaType,
            subject,
            string.IsNullOrEmpty(artifactType) ? config.MediaType : artifactType,
            Annotations(root, "annotations"),
            [config.Ref, .. layers.Select(l => l.Ref)],
            [],
            ListedAsOciReferrer: mediaType == MediaTypes.OciManifest);
    }

    private static ManifestInfo Index(JsonElement root, string mediaType, bool requireMediaType)
    {
        RequireSchemaVersion(root);
        RequireDeclaredType(root, mediaType, requireMediaType);
        var children = DescriptorArray(Required(root, "manifests"), "manifests");
        var artifactType = ArtifactType(root);
        return new ManifestInfo(
            mediaType,
            Subject(root),
            string.IsNullOrEmpty(artifactType) ? null : artifactType,
            Annotations(root, "annotations"),
            [],
            [.. children.Select(c => c.Ref)],
            ListedAsOciReferrer: mediaType == MediaTypes.OciIndex);
    }

    /// <summary>
    /// A manifest kept without being understood. The distribution-spec lists image manifests and indexes with a subject
    /// as referrers; a document of another type is neither, so its subject field, if any, is not read.
    /// </summary>
    private static ManifestInfo Opaque(string mediaType) => new(mediaType, null, null, null, [], [], ListedAsOciReferrer: false);

    /// <summary>The withdrawn OCI artifact manifest and the ORAS one share a shape: blobs, subject, artifactType.</summary>
    private static ManifestInfo ArtifactManifest(JsonElement root, string mediaType, bool listed, bool requireArtifactType)
    {
        RequireDeclaredType(root, mediaType, required: true);
        var blobs = root.TryGetProperty("blobs", out var blobsElement) ? DescriptorArray(blobsElement, "blobs") : [];
        var artifactType = ArtifactType(root);
        if (requireArtifactType && string.IsNullOrEmpty(artifactType))
        {
            throw new ManifestFormatException("artifactType is required");
        }

        return new ManifestInfo(
            mediaType,
            Subject(root),
            string.IsNullOrEmpty(artifactType) ? null : artifactType,
            Annotations(root, "annotations"),
            [.. blobs.Select(b => b.Ref)],
            [],
            ListedAsOciReferrer: listed);
    }

    /// <summary>
    /// The generic object manifest draft: the registry reads only the links, the components of rtype blob and reference
    /// in every object; a component without rtype links nothing, so its descriptor, if any, is left to clients.
    /// </summary>
    private static ManifestInfo ObjectManifest(JsonElement root, string mediaType)
    {
        RequireDeclaredType(root, mediaType, required: true);
        if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out _))
        {
            throw new ManifestFormatException("schemaVersion must be an integer");
        }

        var blobs = new List<DescriptorRef>();
        var references = new List<DescriptorRef>();
        foreach (var (component, where) in ObjectComponents(root))
        {
            var rtype = OptionalString(component, "rtype");
            var links = rtype switch
            {
                null => null,
                "blob" => blobs,
                "reference" => references,
                _ => throw new ManifestFormatException($"{where}.rtype must be blob or reference, not '{rtype}'"),
            };
            links?.Add(Descriptor(Required(component, "descriptor"), $"{where}.descriptor").Ref);
        }

        return new ManifestInfo(mediaType, null, null, Annotations(root, "annotations"), blobs, references, ListedAsOciReferrer: false);
    }

    private static IEnumerable<(JsonElement Component, string Where)> ObjectComponents(JsonElement root)
    {
        if (!root.TryGetProperty("objects", out var objects) || objects.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        foreach (var (item, i) in Items(objects, "objects"))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestFormatException($"objects[{i}] must be an object");
            }

            if (item.TryGetProperty("components", out var components) && components.ValueKind != JsonValueKind.Null)
            {
                foreach (var (component, j) in Items(components, $"objects[{i}].components"))
                {
                    yield return component.ValueKind == JsonValueKind.Object
                        ? (component, $"objects[{i}].components[{j}]")
                        : throw new ManifestFormatException($"objects[{i}].components[{j}] must be an object");
                }
            }
        }
    }

    private static IEnumerable<(JsonElement Item, int Index)> Items(JsonElement array, string where) =>
        array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select((item, i) => (item, i))
            : throw new ManifestFormatException($"'{where}' must be an array");

    /// <summary>artifactType, when set, is a media type (RFC 6838) in every format that has one.</summary>
    private static string? ArtifactType(JsonElement root)
    {
        var artifactType = OptionalString(root, "artifactType");
        return artifactType is null || artifactType.Length == 0 || MediaTypes.IsValid(artifactType)
            ? artifactType
            : throw new ManifestFormatException($"artifactType '{artifactType}' is not a valid media type");
    }

    private static void RequireSchemaVersion(JsonElement root)
    {
        if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var value) || value != 2)
        {
            throw new ManifestFormatException("schemaVersion must be the number 2");
        }
    }

    private static void RequireDeclaredType(JsonElement root, string mediaType, bool required)
    {
        var declared = OptionalString(root, "mediaType");
        if (declared is null && required)
        {
            throw new ManifestFormatException($"mediaType field is required for {mediaType}");
        }
    }

    private static Digest? Subject(JsonElement root) =>
        root.TryGetProperty("subject", out var subject) && subject.ValueKind != JsonValueKind.Null
            ? Descriptor(subject, "subject").Ref.Digest
            : null;

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new ManifestFormatException($"'{name}' is required");

    private static string? OptionalString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ManifestFormatException($"'{name}' must be a string");
    }

    private static List<(DescriptorRef Ref, string MediaType)> DescriptorArray(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new ManifestFormatException($"'{name}' must be an array");
        }

        return [.. element.EnumerateArray().Select((item, i) => Descriptor(item, $"{name}[{i}]"))];
    }

    private static (DescriptorRef Ref, string MediaType) Descriptor(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestFormatException($"{where} must be a descriptor object");
        }

        var mediaType = OptionalString(element, "mediaType");
        if (mediaType is null || !MediaTypes.IsValid(mediaType))
        {
            throw new ManifestFormatException($"{where}.mediaType is missing or not a valid media type");
        }

        if (!Digest.TryParse(OptionalString(element, "digest"), out var digest))
        {
            throw new ManifestFormatException($"{where}.digest is missing or not a valid digest");
        }

        if (!element.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw new ManifestFormatException($"{where}.size is missing or not a non-negative integer");
        }

        Annotations(element, "annotations");
        VerifyEmbeddedData(element, where, digest, size);
        var external = element.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0;
        return (new DescriptorRef(digest, external), mediaType);
    }

    /// <summary>Embedded <c>data</c> must be base64 of exactly the described bytes.</summary>
    private static void VerifyEmbeddedData(JsonElement element, string where, Digest digest, long size)
    {
        var data = OptionalString(element, "data");
        if (data is null)
        {
            return;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw new ManifestFormatException($"{where}.data is not base64");
        }

        if (bytes.Length != size || (Digest.IsKnownAlgorithm(digest.Algorithm) && Digest.Compute(digest.Algorithm, bytes) != digest))
        {
            throw new ManifestFormatException($"{where}.data does not match its size and digest");
        }
    }

    private static Dictionary<string, string>? Annotations(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestFormatException($"'{name}' must be an object of strings");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new ManifestFormatException($"'{name}.{property.Name}' must be a string");
        }

        return map;
    }
}
