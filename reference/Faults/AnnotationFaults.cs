using System.Text.Json.Nodes;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Faults;

internal sealed class AnnotationsRewritten() : RegistryFault(
    "annotations-rewritten",
    "A manifest with annotations (its own or its descriptors') is stored without them (the rest re-serialised), under the digest of what was pushed.",
    "The registry MUST keep a manifest exactly as pushed: annotations and other extension points come back byte for byte.")
{
    public override void Apply(FaultLayer layer) => layer.Decorate<IMetadataStore>((store, _) => new Store(store));

    private sealed class Store(IMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override ManifestPutResult PutManifest(string name, StoredManifest manifest, IReadOnlyList<string> tags) =>
            base.PutManifest(name, WithoutAnnotations(manifest), tags);

        /// <summary>As a registry that parses a manifest into its own model and writes back only what that model knows.</summary>
        private static StoredManifest WithoutAnnotations(StoredManifest manifest)
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(manifest.Bytes);
            }
            catch (System.Text.Json.JsonException)
            {
                return manifest;
            }

            if (parsed is not JsonObject root || !DropAnnotations(root))
            {
                return manifest;
            }

            return manifest with { Bytes = System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()), Info = manifest.Info with { Annotations = null } };
        }
    
        /// <summary>Drops the manifest's annotations and those of every descriptor in it; true when there were any.</summary>
        private static bool DropAnnotations(JsonObject root)
        {
            var dropped = root.Remove("annotations");
            foreach (var name in new[] { "config", "subject" })
            {
                dropped |= root[name] is JsonObject descriptor && descriptor.Remove("annotations");
            }

            foreach (var name in new[] { "layers", "manifests", "blobs" })
            {
                if (root[name] is JsonArray list)
                {
                    foreach (var descriptor in list.OfType<JsonObject>())
                    {
                        dropped |= descriptor.Remove("annotations");
                    }
                }
            }

            return dropped;
        }
    }
}
