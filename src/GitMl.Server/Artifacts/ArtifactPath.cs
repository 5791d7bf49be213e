using GitMl.Server.Http;

namespace GitMl.Server.Artifacts;

/// <summary>
/// An artifact path a client sent, checked once here, by the one guard every artifact request passes: percent-escapes
/// decoded until nothing changes (so "..%252F" is seen as "../"), then refused if it is absolute, holds a backslash, a
/// control character, or an empty, "." or ".." segment. The server never builds a file-system path from it: artifact
/// paths only name entries of a run's, a logged model's or a registered version's file list, whose bytes are in the
/// store by content hash.
/// </summary>
public sealed record ArtifactPath
{
    private ArtifactPath(IReadOnlyList<string> segments) => Segments = segments;

    public IReadOnlyList<string> Segments { get; }

    public static ArtifactPath Root { get; } = new([]);

    public bool IsRoot => Segments.Count == 0;

    public string Text => string.Join('/', Segments);

    public string Name => Segments.Count == 0 ? "" : Segments[^1];

    /// <exception cref="MlflowException">INVALID_PARAMETER_VALUE naming what is wrong with the path.</exception>
    public static ArtifactPath Parse(string? raw)
    {
        string text = raw ?? "";
        for (int i = 0; i < 8; i++)
        {
            string decoded = Uri.UnescapeDataString(text);
            if (decoded == text)
            {
                break;
            }
            text = decoded;
        }
        if (text.Length == 0)
        {
            return Root;
        }
        if (text.StartsWith('/') || text.Contains('\\', StringComparison.Ordinal) || text.Any(char.IsControl))
        {
            throw Invalid(raw!);
        }
        string[] segments = text.TrimEnd('/').Split('/');
        return segments.Any(s => s is "" or "." or "..") ? throw Invalid(raw!) : new ArtifactPath(segments);
    }

    public static ArtifactPath Of(IEnumerable<string> segments) => new([.. segments]);

    public ArtifactPath Skip(int count) => new([.. Segments.Skip(count)]);

    public ArtifactPath Append(ArtifactPath more) => new([.. Segments, .. more.Segments]);

    public override string ToString() => Text;

    private static MlflowException Invalid(string raw) => MlflowException.InvalidParameter(
        $"Invalid path '{raw}': an artifact path is relative, uses '/' between names, and has no '..', '.', empty or control-character parts");
}
