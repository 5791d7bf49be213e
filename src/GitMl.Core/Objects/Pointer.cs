using System.Text;

namespace GitMl.Core.Objects;

/// <summary>
/// What Git stores in place of a git-ml tracked file: a short text naming the content by hash and size.
/// Its encoding is canonical (docs/spec/pointer.md): the version line, then the other keys sorted, one
/// "key value" pair per LF-terminated line, under 1024 bytes. Keys this version does not know are kept and
/// written back unchanged, so newer writers can add keys without older readers losing them.
/// </summary>
public sealed class Pointer : IEquatable<Pointer>
{
    /// <summary>The value of the version key that identifies a git-ml pointer.</summary>
    public const string Version = "https://git-ml.dev/spec/v1";

    /// <summary>Pointers are strictly shorter than this many bytes.</summary>
    public const int SizeLimit = 1024;

    /// <summary>The first bytes of every valid pointer.</summary>
    public static ReadOnlySpan<byte> Prefix => "version https://git-ml.dev/spec/v1\n"u8;

    // Rendered when first needed: status and repro build thousands of pointers only to read their oid and size.
    private string? _text;

    public Pointer(ObjectId oid, long size, IEnumerable<KeyValuePair<string, string>>? extraKeys = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Oid = oid;
        Size = size;
        ExtraKeys = extraKeys is null ? [] : extraKeys.OrderBy(k => k.Key, StringComparer.Ordinal).ToArray();
        for (int i = 1; i < ExtraKeys.Count; i++)
        {
            if (ExtraKeys[i].Key == ExtraKeys[i - 1].Key)
            {
                // Two lines with one key would be an encoding the parser rejects (DuplicateKey).
                throw new ArgumentException($"extra pointer key '{ExtraKeys[i].Key}' is given more than once", nameof(extraKeys));
            }
        }
        foreach (var (key, value) in ExtraKeys)
        {
            if (!PointerParser.IsValidKey(key) || key is "version" or "oid" or "size")
            {
                throw new ArgumentException($"'{key}' cannot be an extra pointer key", nameof(extraKeys));
            }
            if (!PointerParser.IsValidValue(value))
            {
                throw new ArgumentException($"the value of '{key}' cannot be written in a pointer", nameof(extraKeys));
            }
        }
        // Without extra keys a pointer is at most about 150 bytes: only extra keys can reach the limit.
        if (ExtraKeys.Count > 0 && Encoding.UTF8.GetByteCount(Text) >= SizeLimit)
        {
            throw new ArgumentException($"a pointer must be shorter than {SizeLimit} bytes", nameof(extraKeys));
        }
    }

    public ObjectId Oid { get; }

    public long Size { get; }

    /// <summary>Keys other than version, oid and size, sorted, preserved as read.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraKeys { get; }

    /// <summary>The canonical encoding.</summary>
    public byte[] Encode() => Encoding.UTF8.GetBytes(Text);

    public override string ToString() => Text;

    /// <summary>Parses a pointer, rejecting every encoding but the canonical one.</summary>
    /// <exception cref="PointerFormatException">The bytes are not a valid pointer.</exception>
    public static Pointer Parse(ReadOnlySpan<byte> bytes) => PointerParser.Parse(bytes);

    /// <summary>Parses a pointer, or returns null (and the reason) when the bytes are not one.</summary>
    public static Pointer? TryParse(ReadOnlySpan<byte> bytes, out PointerFormatException? error)
    {
        try
        {
            error = null;
            return PointerParser.Parse(bytes);
        }
        catch (PointerFormatException e)
        {
            error = e;
            return null;
        }
    }

    /// <summary>
    /// The pointer the bytes are, or null. Bytes that do not begin with <see cref="Prefix"/> (every valid pointer does)
    /// are turned away before the parser runs, so classifying thousands of ordinary files throws nothing.
    /// </summary>
    public static Pointer? ParseOrNull(ReadOnlySpan<byte> bytes) =>
        bytes.Length < SizeLimit && bytes.StartsWith(Prefix) ? TryParse(bytes, out _) : null;

    /// <summary>True when the bytes start like a git-ml pointer, valid or not (to warn about damaged ones).</summary>
    public static bool LooksLikePointer(ReadOnlySpan<byte> bytes) => bytes.StartsWith("version https://git-ml.dev/spec/"u8);

    /// <summary>Whether content is a git-lfs pointer (git-ml cannot give back its content; git-lfs can).</summary>
    public static bool IsGitLfsPointer(ReadOnlySpan<byte> bytes) =>
        bytes.Length < SizeLimit && bytes.StartsWith("version https://git-lfs.github.com/spec/"u8);

    /// <summary>What to tell a user who has a git-lfs pointer at a git-ml path.</summary>
    public const string GitLfsPointerFix =
        "fetch its content with git-lfs (git lfs install && git lfs pull), then store it with git-ml: git add --renormalize PATH";

    public bool Equals(Pointer? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as Pointer);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    private string Text => _text ??= Render();

    private string Render()
    {
        var lines = new List<KeyValuePair<string, string>>(ExtraKeys)
        {
            new("oid", "sha256:" + Oid.Hex),
            new("size", Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        lines.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sb = new StringBuilder("version ").Append(Version).Append('\n');
        foreach (var (key, value) in lines)
        {
            sb.Append(key).Append(' ').Append(value).Append('\n');
        }
        return sb.ToString();
    }
}
