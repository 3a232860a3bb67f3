using Json.Schema;

namespace OciConformance.Formats;

/// <summary>
/// Turns a hierarchical evaluation into violations. Only subtrees that caused the failure are visited:
/// an <c>if</c> or a <c>not</c> subschema failing is not an error in itself, nor is a failed branch of an
/// <c>anyOf</c> that another branch satisfied (or of a <c>oneOf</c> satisfied exactly once).
/// </summary>
internal static class ViolationCollector
{
    public static IReadOnlyList<SchemaViolation> Collect(EvaluationResults root)
    {
        var violations = new List<SchemaViolation>();
        Visit(root, null, violations);
        return violations;
    }

    private static void Visit(EvaluationResults node, string? inheritedRule, List<SchemaViolation> violations)
    {
        if (node.IsValid)
        {
            return;
        }

        var rule = OwnRule(node) ?? inheritedRule;
        var before = violations.Count;
        if (node.Errors is not null)
        {
            foreach (var (keyword, message) in node.Errors)
            {
                violations.Add(new SchemaViolation(node.InstanceLocation.ToString(), $"{keyword}: {message}", rule));
            }
        }

        var children = node.Details ?? [];
        foreach (var child in children)
        {
            if (Contributes(child, children))
            {
                Visit(child, rule, violations);
            }
        }

        // Some keywords (not, for one) fail without a message of their own; the failure must still be reported.
        if (violations.Count == before)
        {
            violations.Add(new SchemaViolation(node.InstanceLocation.ToString(), $"fails the schema at {node.EvaluationPath}", rule));
        }
    }

    private static bool Contributes(EvaluationResults child, IReadOnlyList<EvaluationResults> siblings)
    {
        var keyword = ApplicatorOf(child);
        return keyword switch
        {
            "if" or "not" => false,
            "anyOf" => !BranchesOf(child, siblings).Any(s => s.IsValid),
            "oneOf" => BranchesOf(child, siblings).Count(s => s.IsValid) != 1,
            _ => true,
        };
    }

    private static IEnumerable<EvaluationResults> BranchesOf(EvaluationResults child, IReadOnlyList<EvaluationResults> siblings)
    {
        var parentPath = ParentPath(child);
        return siblings.Where(s => ParentPath(s) == parentPath);
    }

    // The applicator is the last segment of the evaluation path, or the one before it for indexed branches.
    private static string? ApplicatorOf(EvaluationResults node)
    {
        var segments = node.EvaluationPath.ToString().Split('/');
        if (segments.Length < 2)
        {
            return null;
        }

        var last = segments[^1];
        return int.TryParse(last, out _) && segments.Length >= 3 ? segments[^2] : last;
    }

    private static string ParentPath(EvaluationResults node)
    {
        var path = node.EvaluationPath.ToString();
        var cut = path.LastIndexOf('/');
        return cut < 0 ? string.Empty : path[..cut];
    }

    private static string? OwnRule(EvaluationResults node)
    {
        if (node.Annotations is null || !node.Annotations.TryGetValue(SchemaSet.RuleKeyword, out var value))
        {
            return null;
        }

        return value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
    }
}
