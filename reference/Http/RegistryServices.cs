using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>The state one registry instance shares across requests.</summary>
internal sealed class RegistryServices
{
    public RegistryServices(RegistryOptions options)
    {
        Options = options;
        Faults = options.Faults.ToHashSet(StringComparer.Ordinal);
        if (options.StoragePath is { } path)
        {
            Directory.CreateDirectory(path);
            Blobs = new FileBlobStore(path);
            Metadata = new MetadataStore(new FileJournal(path), Reparse);
        }
        else
        {
            Blobs = new MemoryBlobStore();
            Metadata = new MetadataStore(new NullJournal(), Reparse);
        }

        BlobGate = new BlobGate(Blobs, Metadata);
        Uploads = new UploadSessions(Blobs);
        Tokens = new TokenService(options);
    }

    public RegistryOptions Options { get; }

    public IReadOnlySet<string> Faults { get; }

    public IBlobStore Blobs { get; }

    public MetadataStore Metadata { get; }

    public BlobGate BlobGate { get; }

    public UploadSessions Uploads { get; }

    public TokenService Tokens { get; }

    public bool Has(string fault) => Faults.Contains(fault);

    /// <summary>Whether the algorithm can be hashed here (sha512 can be switched off by a fault).</summary>
    public bool Supports(string algorithm) =>
        algorithm == Digest.Sha256 || (algorithm == Digest.Sha512 && !Has(Fault.Sha512Unsupported));

    public bool IsValidName(string name) =>
        (Names.IsValidRepository(name) && !(Has(Fault.NameDoubleUnderscoreRefused) && name.Contains("__", StringComparison.Ordinal)))
        || (Has(Fault.NameInvalidAccepted) && Names.IsLooseRepository(name));

    public bool IsValidTag(string tag) => Names.IsValidTag(tag) && !(Has(Fault.TagEdgeRefused) && tag.StartsWith('_'));

    private ManifestInfo? Reparse(JournalManifest manifest)
    {
        // Stored manifests were valid when pushed; re-parse with every format on so a restart with other switches keeps them.
        var all = Options with { ArtifactManifest = true, OrasArtifacts = true };
        return ManifestParser.Parse(manifest.Bytes, manifest.MediaType, all).Info;
    }
}
