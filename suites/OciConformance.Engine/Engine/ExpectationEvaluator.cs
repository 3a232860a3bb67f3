using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OciConformance.Content;
using OciConformance.Http;
using OciConformance.Scenarios;

namespace OciConformance.Engine;

/// <summary>Evaluates a step's expectations against the response it got, one check record each.</summary>
public static class ExpectationEvaluator
{
    public static void Evaluate(CaseRun run, Step step, Expectation expectation, RegistryResponse response)
    {
        var requirement = expectation.Requirement ?? step.Requirement ?? run.Scenario.Requirements[0];
        var spec = expectation.Spec;
        var because = expectation.Because is null ? "" : $" ({expectation.Because})";

        bool Record(bool passed, string description, string expected, string actual) =>
            run.Check(requirement, passed, description + because, expected, actual, response, expectation.Gate);

        // An answer that is not a 4XX carries no error body to judge: the step's status expectation has already said
        // whether the request should have failed, and that one verdict is the case's, not three more about the body.
        if (expectation.ReadsErrorBody && response.Status is < 400 or >= 500)
        {
            return;
        }

        if (response.TransportError is { } error && expectation.Kind != ExpectationKind.Status)
        {
            Record(false, $"{Describe(expectation)}", "a response", $"no response: {error}");
            return;
        }

        switch (expectation.Kind)
        {
            case ExpectationKind.Status:
                var allowed = expectation.AllowedStatuses;
                var statusText = response.TransportError is { } transport ? $"no response: {transport}" : StatusLine(response);
                Record(allowed.Contains(response.Status), $"status is {string.Join(" or ", allowed)}", string.Join(" or ", allowed), statusText);
                break;
            case ExpectationKind.Header:
                EvaluateHeader(run, spec, response, Record);
                break;
            case ExpectationKind.BodyDigest:
                var digest = Digest.Parse(run.Render(spec.GetProperty("bodyDigest").GetString()!));
                var actualDigest = response.Body.Digests.For(digest.Algorithm);
                Record(actualDigest == digest, $"body hashes to {digest}", digest.ToString(), $"{actualDigest} ({response.Body.Length} bytes)");
                break;
            case ExpectationKind.BodyEquals:
                var source = run.Content(ScenarioLoader.ReadBodySource(spec.GetProperty("bodyEquals")));
                var same = response.Body.Digests.Sha256 == source.Digests.Sha256;
                Record(same, "body is byte-identical to what was pushed", $"{source.Size} bytes, {source.Digests.Sha256}", $"{response.Body.Length} bytes, {response.Body.Digests.Sha256}{FirstDifference(source, response.Body)}");
                break;
            case ExpectationKind.BodyEmpty:
                var wantEmpty = spec.GetProperty("bodyEmpty").GetBoolean();
                Record((response.Body.Length == 0) == wantEmpty, wantEmpty ? "body is empty" : "body is not empty", wantEmpty ? "no body" : "a body", $"{response.Body.Length} bytes");
                break;
            case ExpectationKind.BodyLength:
                var length = long.Parse(run.Render(spec.GetProperty("bodyLength").ToString()), CultureInfo.InvariantCulture);
                Record(response.Body.Length == length, $"body is {length} bytes long", $"{length} bytes", $"{response.Body.Length} bytes");
                break;
            case ExpectationKind.Json:
                EvaluateJson(run, spec, response, Record);
                break;
            case ExpectationKind.Schema:
                EvaluateSchema(run, spec.GetProperty("schema").GetString()!, response, Record);
                break;
            case ExpectationKind.ErrorCode:
                EvaluateErrorCode(spec.GetProperty("errorCode").GetString()!, response, Record);
                break;
            default:
                throw new InvalidOperationException($"Unhandled expectation kind {expectation.Kind}.");
        }
    }

    private static string Describe(Expectation expectation) => expectation.Kind switch
    {
        ExpectationKind.Header => $"header {expectation.Spec.GetProperty("header").GetString()}",
        _ => expectation.Kind.ToString(),
    };

    public static string StatusLine(RegistryResponse response) =>
        response.Body.Length > 0 && response.Body.Buffered.Length > 0 && response.Body.Buffered.Span[0] == (byte)'{'
            ? $"{response.Status} {response.Body.Excerpt(200)}"
            : response.Status.ToString(CultureInfo.InvariantCulture);

    private static string Excerpt(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string FirstDifference(MaterializedContent expected, ResponseBody actual)
    {
        if (expected.Bytes is not { } bytes || actual.Truncated)
        {
            return "";
        }

        var span = actual.Buffered.Span;
        var limit = Math.Min(bytes.Length, span.Length);
        for (var i = 0; i < limit; i++)
        {
            if (bytes.Span[i] != span[i])
            {
                return $"; first difference at byte {i}";
            }
        }

        return bytes.Length == span.Length ? "" : $"; lengths differ ({bytes.Length} vs {span.Length})";
    }

    private static void EvaluateHeader(CaseRun run, JsonElement spec, RegistryResponse response, Func<bool, string, string, string, bool> record)
    {
        var name = spec.GetProperty("header").GetString()!;
        var value = response.Headers.Get(name);
        var shown = value is null ? "absent" : $"'{value}'";
        if (value is null && IfPresent(spec))
        {
            // The rule binds only a header that is sent: absence keeps it.
            record(true, $"header {name} is absent, which the rule allows", "absent or conforming", shown);
            return;
        }

        if (spec.TryGetProperty("present", out var present))
        {
            var want = present.GetBoolean();
            record((value is not null) == want, want ? $"header {name} is present" : $"header {name} is absent", want ? "present" : "absent", shown);
        }

        if (spec.TryGetProperty("equals", out var equals))
        {
            var expected = run.Render(equals.GetString()!);
            record(value is not null && value.Trim() == expected, $"header {name} is '{expected}'", $"'{expected}'", shown);
        }

        if (spec.TryGetProperty("mediaType", out var mediaType))
        {
            var expected = run.Render(mediaType.GetString()!);
            var essence = value?.Split(';')[0].Trim();
            record(string.Equals(essence, expected, StringComparison.OrdinalIgnoreCase), $"header {name} names media type {expected}", expected, shown);
        }

        if (spec.TryGetProperty("matches", out var matches))
        {
            var pattern = run.Render(matches.GetString()!);
            record(value is not null && Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)), $"header {name} matches /{pattern}/", $"/{pattern}/", shown);
        }
    }

    private static void EvaluateJson(CaseRun run, JsonElement spec, RegistryResponse response, Func<bool, string, string, string, bool> record)
    {
        var pointer = spec.GetProperty("json").GetString()!;
        if (!TryParse(response, out var document, out var problem))
        {
            record(false, $"JSON body at {pointer}", "a JSON body", problem);
            return;
        }

        using (document)
        {
            var found = Resolve(document.RootElement, pointer, out var element);
            if (!found && IfPresent(spec))
            {
                record(true, $"{pointer} is absent, which the rule allows", "absent or conforming", "absent");
                return;
            }

            if (spec.TryGetProperty("matches", out var matches))
            {
                var pattern = run.Render(matches.GetString()!);
                var text = found && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
                record(text is not null && Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)), $"{pointer} is a string matching /{pattern}/", $"/{pattern}/",
                    found ? Excerpt(element.GetRawText(), 300) : "absent");
            }

            if (spec.TryGetProperty("exists", out var exists))
            {
                record(found == exists.GetBoolean(), $"{pointer} {(exists.GetBoolean() ? "exists" : "is absent")}", exists.GetBoolean() ? "present" : "absent", found ? element.GetRawText() : "absent");
            }

            if (spec.TryGetProperty("equals", out var equals))
            {
                var expected = equals.ValueKind == JsonValueKind.String ? JsonSerializer.SerializeToElement(run.Render(equals.GetString()!)) : equals;
                var expectedText = ClientJson.ToText(expected);
                var actual = found ? element.GetRawText() : "absent";
                record(found && JsonElement.DeepEquals(element, expected), $"{pointer} is {expectedText}", expectedText, Excerpt(actual, 300));
            }

            if (spec.TryGetProperty("sorted", out _))
            {
                // Up to v1.1.1 the spec asked for case-insensitive lexical order; the development head also allows
                // byte order. Either is accepted, so the check fails only on a list in neither order.
                var items = found && element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.ToString()).ToList() : null;
                var outOfOrder = items is null ? -1 : Math.Max(FirstOutOfOrder(items, StringComparer.Ordinal), FirstOutOfOrder(items, StringComparer.OrdinalIgnoreCase));
                record(items is not null && outOfOrder == int.MaxValue, $"{pointer} is in lexical order", "an array sorted by byte value or case-insensitively",
                    items is null ? (found ? element.GetRawText() : "absent") : outOfOrder == int.MaxValue ? "sorted" : $"'{items[outOfOrder]}' at index {outOfOrder} is out of order in [{Excerpt(string.Join(", ", items), 300)}]");
            }

            if (spec.TryGetProperty("contains", out var contains))
            {
                var items = found && element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetRawText()).ToHashSet(StringComparer.Ordinal) : [];
                var wanted = contains.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? ClientJson.Quote(run.Render(c.GetString()!)) : c.GetRawText()).ToList();
                var absent = wanted.Where(w => !items.Contains(w)).ToList();
                record(absent.Count == 0, $"{pointer} contains {string.Join(", ", wanted)}", string.Join(", ", wanted), absent.Count == 0 ? "all present" : $"missing {string.Join(", ", absent)} in {(found ? Excerpt(element.GetRawText(), 300) : "absent")}");
            }

            if (spec.TryGetProperty("length", out var length))
            {
                var expected = int.Parse(run.Render(length.ToString()), CultureInfo.InvariantCulture);
                var actual = found && element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : -1;
                record(actual == expected, $"{pointer} has {expected} items", expected.ToString(CultureInfo.InvariantCulture), actual < 0 ? (found ? element.GetRawText() : "absent") : actual.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool IfPresent(JsonElement spec) => spec.TryGetProperty("ifPresent", out var flag) && flag.GetBoolean();

    /// <summary>The index of the first item that sorts before its predecessor, or int.MaxValue when there is none.</summary>
    internal static int FirstOutOfOrder(List<string> items, StringComparer comparer)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (comparer.Compare(items[i - 1], items[i]) > 0)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static void EvaluateSchema(CaseRun run, string schemaKey, RegistryResponse response, Func<bool, string, string, string, bool> record)
    {
        if (!TryParse(response, out var document, out var problem))
        {
            record(false, $"body matches schema {schemaKey}", "a JSON body", problem);
            return;
        }

        using (document)
        {
            var validation = run.Environment.Schemas.Validate(schemaKey, document.RootElement);
            var violations = string.Join("; ", validation.Violations.Take(3).Select(v => $"{(v.InstancePath.Length == 0 ? "/" : v.InstancePath)}: {v.Message}"));
            record(validation.IsValid, $"body matches schema {schemaKey}", $"a body valid against {schemaKey}", violations);
        }
    }

    private static void EvaluateErrorCode(string code, RegistryResponse response, Func<bool, string, string, string, bool> record)
    {
        if (!TryParse(response, out var document, out var problem))
        {
            record(false, $"error body carries code {code}", $"an error body with code {code}", problem);
            return;
        }

        using (document)
        {
            var codes = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out var c) ? c.ToString() : "?").ToList()
                : [];
            record(codes.Contains(code), $"error body carries code {code}", code, codes.Count == 0 ? $"no errors[].code in {response.Body.Excerpt(200)}" : string.Join(", ", codes));
        }
    }

    public static bool TryParse(RegistryResponse response, out JsonDocument document, out string problem)
    {
        document = null!;
        if (response.Body.Truncated)
        {
            problem = $"a body of {response.Body.Length} bytes, too large to be a JSON document the suite reads";
            return false;
        }

        if (response.Body.Length == 0)
        {
            problem = "an empty body";
            return false;
        }

        try
        {
            document = RegistryJson.Parse(response.Body.Buffered);
            problem = "";
            return true;
        }
        catch (JsonException e)
        {
            problem = $"a body that is not JSON ({e.Message}): {response.Body.Excerpt(200)}";
            return false;
        }
    }

    public static bool Resolve(JsonElement root, string pointer, out JsonElement element)
    {
        element = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.None).Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
