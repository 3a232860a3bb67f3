using OciConformance.Reference.Protocol;
using OciConformance.Reference.Storage;

namespace OciConformance.Reference.Http;

/// <summary>Wraps each service as the registry is composed; the plain registry wraps none.</summary>
internal interface IServiceDecorators
{
    /// <summary>
    /// Returns <paramref name="service"/> or a wrapper around it. <paramref name="services"/> is still being composed:
    /// a wrapper may keep it, but reads other services from it only while serving requests.
    /// </summary>
    TService Decorate<TService>(TService service, RegistryServices services)
        where TService : class;
}

/// <summary>The state one registry instance shares across requests.</summary>
internal sealed class RegistryServices
{
    public RegistryServices(RegistryOptions options, IServiceDecorators decorators)
    {
        Options = options;
        Policy = decorators.Decorate<IRegistryPolicy>(new SpecPolicy(options), this);
        if (options.StoragePath is { } path)
        {
            Directory.CreateDirectory(path);
            Blobs = new FileBlobStore(path);
            Metadata = decorators.Decorate<IMetadataStore>(new MetadataStore(new FileJournal(path), Reparse, Policy), this);
        }
        else
        {
            Blobs = new MemoryBlobStore();
            Metadata = decorators.Decorate<IMetadataStore>(new MetadataStore(new NullJournal(), Reparse, Policy), this);
        }

        BlobGate = new BlobGate(Blobs, Metadata);
        Uploads = decorators.Decorate<IUploadSessions>(new UploadSessions(Blobs, BlobGate), this);
        Mounts = decorators.Decorate<IBlobMounts>(new BlobMounts(Metadata, BlobGate, Policy, options), this);
        Manifests = decorators.Decorate<IManifestAdmission>(new ManifestAdmission(options), this);
        Referrers = decorators.Decorate<IReferrers>(new Referrers(Metadata, options), this);
        Tokens = decorators.Decorate<ITokenService>(new TokenService(options), this);
    }

    public RegistryOptions Options { get; }

    public IRegistryPolicy Policy { get; }

    public IBlobStore Blobs { get; }

    public IMetadataStore Metadata { get; }

    public BlobGate BlobGate { get; }

    public IUploadSessions Uploads { get; }

    public IBlobMounts Mounts { get; }

    public IManifestAdmission Manifests { get; }

    public IReferrers Referrers { get; }

    public ITokenService Tokens { get; }

    private ManifestInfo? Reparse(JournalManifest manifest)
    {
        // Stored manifests were valid when pushed; re-parse with every format on so a restart with other switches keeps them.
        var all = Options with { ArtifactManifest = true, OrasArtifacts = true, ObjectManifest = true };
        return ManifestParser.Parse(manifest.Bytes, manifest.MediaType, all).Info;
    }
}
