namespace OciConformance.Reference.Protocol;

/// <summary>The error codes of the spec's table this registry answers with (TOOMANYREQUESTS only with the rate-limit switch on).</summary>
internal static class ErrorCode
{
    public const string BlobUnknown = "BLOB_UNKNOWN";
    public const string BlobUploadInvalid = "BLOB_UPLOAD_INVALID";
    public const string BlobUploadUnknown = "BLOB_UPLOAD_UNKNOWN";
    public const string DigestInvalid = "DIGEST_INVALID";
    public const string ManifestBlobUnknown = "MANIFEST_BLOB_UNKNOWN";
    public const string ManifestInvalid = "MANIFEST_INVALID";
    public const string ManifestUnknown = "MANIFEST_UNKNOWN";
    public const string NameInvalid = "NAME_INVALID";
    public const string NameUnknown = "NAME_UNKNOWN";
    public const string SizeInvalid = "SIZE_INVALID";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Denied = "DENIED";
    public const string Unsupported = "UNSUPPORTED";
    public const string TooManyRequests = "TOOMANYREQUESTS";
}

/// <summary>One failure to report: HTTP status plus one spec error.</summary>
internal sealed record RegistryError(int Status, string Code, string Message, object? Detail = null)
{
    public static RegistryError InvalidDigest(string? text) => new(400, ErrorCode.DigestInvalid, "invalid digest", new { digest = text });

    public static RegistryError BlobUnknown(Digest digest) =>
        new(404, ErrorCode.BlobUnknown, "blob unknown to registry", new { digest = digest.ToString() });

    public static RegistryError ManifestUnknown(string reference) =>
        new(404, ErrorCode.ManifestUnknown, "manifest unknown to registry", new { reference });

    public static RegistryError NameUnknown(string name) => new(404, ErrorCode.NameUnknown, "repository name not known to registry", new { name });

    public static RegistryError ManifestInvalid(string message, object? detail = null) => new(400, ErrorCode.ManifestInvalid, message, detail);

    /// <summary>The operation is not offered here: 405 UNSUPPORTED, the spec's answer for disabled deletion.</summary>
    public static RegistryError Unsupported(string message) => new(405, ErrorCode.Unsupported, message);
}
