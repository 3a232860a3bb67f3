namespace OciConformance.Reports;

/// <summary>Writes the impact matrix as HTML and Markdown, for the matrix command and for multi-target runs.</summary>
public static class ImpactMatrixFiles
{
    public const string HtmlFile = "matrix.html";
    public const string MarkdownFile = "matrix.md";

    public static async Task<(string Html, string Markdown)> WriteAsync(ImpactMatrix matrix, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var html = Path.Combine(directory, HtmlFile);
        var markdown = Path.Combine(directory, MarkdownFile);
        await File.WriteAllTextAsync(html, HtmlWriter.RenderMatrix(matrix), cancellationToken);
        await File.WriteAllTextAsync(markdown, MatrixMarkdown.Render(matrix), cancellationToken);
        return (html, markdown);
    }
}
