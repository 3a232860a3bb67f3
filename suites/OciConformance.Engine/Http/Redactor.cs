using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace OciConformance.Http;

/// <summary>
/// Keeps credentials out of everything the suite writes: header values that carry them, query parameters that
/// name them, and any literal secret (password, issued token) wherever it appears in a body excerpt.
/// </summary>
public sealed partial class Redactor
{
    public const string Mask = "<redacted>";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Registry-Auth",
    };

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    public void AddSecret(string? secret)
    {
        // Very short strings would mask ordinary words in bodies and prove nothing about leaks.
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    public string Header(string name, string value)
    {
        if (SecretHeaders.Contains(name))
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? $"{value[..space]} {Mask}" : Mask;
        }

        return Text(value);
    }

    public string Url(string url) => Text(SecretQuery().Replace(url, m => $"{m.Groups[1].Value}={Mask}"));

    public string Text(string text)
    {
        foreach (var secret in _secrets.Keys)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return SecretJsonField().Replace(text, m => $"{m.Groups[1].Value}\"{Mask}\"");
    }

    [GeneratedRegex("([?&](?:token|access_token|password|secret|sig|signature|x-amz-signature|x-amz-credential))=[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();

    [GeneratedRegex("(\"(?:token|access_token|refresh_token|password)\"\\s*:\\s*)\"[^\"]*\"", RegexOptions.IgnoreCase)]
    private static partial Regex SecretJsonField();
}
