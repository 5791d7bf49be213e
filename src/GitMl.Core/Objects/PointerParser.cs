using System.Globalization;
using System.Text;

namespace GitMl.Core.Objects;

/// <summary>
/// The strict reader of docs/spec/pointer.md. A pointer has exactly one valid encoding; anything else (CRLF,
/// a BOM, unsorted or repeated keys, uppercase hex, a size with a sign or leading zeros, ...) is rejected with
/// the <see cref="PointerError"/> that names the first problem found.
/// </summary>
internal static class PointerParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Pointer Parse(ReadOnlySpan<byte> bytes)
    {
        CheckBytes(bytes);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PointerFormatException(PointerError.InvalidUtf8, "not valid UTF-8");
        }
        if (!text.EndsWith('\n'))
        {
            throw new PointerFormatException(PointerError.MissingFinalNewline, "the last line does not end with a newline");
        }

        string[] lines = text[..^1].Split('\n');
        var pairs = new List<KeyValuePair<string, string>>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            pairs.Add(SplitLine(lines[i], i + 1));
        }

        if (pairs[0].Key != "version")
        {
            throw new PointerFormatException(PointerError.VersionNotFirst, "the first line must be the version line", 1);
        }
        if (pairs[0].Value != Pointer.Version)
        {
            string hint = pairs[0].Value.Contains("git-lfs", StringComparison.Ordinal) ? " (this is a git-lfs pointer)" : "";
            throw new PointerFormatException(PointerError.UnsupportedVersion, $"unsupported pointer version '{pairs[0].Value}'{hint}", 1);
        }

        string? oid = null;
        string? size = null;
        int oidLine = 0, sizeLine = 0;
        var extra = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < pairs.Count; i++)
        {
            var (key, value) = pairs[i];
            int line = i + 1;
            int order = string.CompareOrdinal(pairs[i - 1].Key, key);
            if (key == "version" || (i > 1 && order == 0))
            {
                throw new PointerFormatException(PointerError.DuplicateKey, $"key '{key}' appears more than once", line);
            }
            if (i > 1 && order > 0)
            {
                throw new PointerFormatException(PointerError.KeysNotSorted, $"key '{key}' is out of order: keys after version must be sorted", line);
            }
            switch (key)
            {
                case "oid": oid = value; oidLine = line; break;
                case "size": size = value; sizeLine = line; break;
                default: extra.Add(new(key, value)); break;
            }
        }

        return new Pointer(ParseOid(oid, oidLine), ParseSize(size, sizeLine), extra);
    }

    public static bool IsValidKey(string key) =>
        key.Length > 0 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-');

    public static bool IsValidValue(string value) =>
        value.Length > 0 && value[0] != ' ' && value[^1] != ' ' && !value.Any(char.IsControl);

    private static void CheckBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new PointerFormatException(PointerError.Empty, "empty");
        }
        if (bytes.Length >= Pointer.SizeLimit)
        {
            throw new PointerFormatException(PointerError.TooLarge, $"{bytes.Length} bytes: a pointer is shorter than {Pointer.SizeLimit} bytes");
        }
        // "\uFEFF"u8 is EF BB BF. (A literal "\xEF\xBB\xBF"u8 would be three Latin-1 chars, six UTF-8 bytes.)
        if (bytes.StartsWith("\uFEFF"u8))
        {
            throw new PointerFormatException(PointerError.ByteOrderMark, "starts with a byte order mark");
        }
        if (bytes.Contains((byte)0))
        {
            throw new PointerFormatException(PointerError.ContainsNul, "contains a NUL byte");
        }
        if (bytes.Contains((byte)'\r'))
        {
            throw new PointerFormatException(PointerError.CarriageReturn, "contains a carriage return: lines end with LF only");
        }
    }

    private static KeyValuePair<string, string> SplitLine(string line, int number)
    {
        if (line.Length == 0)
        {
            throw new PointerFormatException(PointerError.EmptyLine, "empty line", number);
        }
        if (line.Any(char.IsControl))
        {
            throw new PointerFormatException(PointerError.ControlCharacter, "contains a control character", number);
        }
        if (line[^1] == ' ')
        {
            throw new PointerFormatException(PointerError.TrailingWhitespace, "trailing space", number);
        }
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || line[space + 1] == ' ')
        {
            throw new PointerFormatException(PointerError.MalformedLine, "expected 'key value' separated by a single space", number);
        }
        string key = line[..space];
        if (!IsValidKey(key))
        {
            throw new PointerFormatException(PointerError.InvalidKey, $"invalid key '{key}': keys use a-z, 0-9, '.' and '-'", number);
        }
        return new(key, line[(space + 1)..]);
    }

    private static ObjectId ParseOid(string? value, int line)
    {
        if (value is null)
        {
            throw new PointerFormatException(PointerError.MissingOid, "no oid line");
        }
        const string prefix = "sha256:";
        if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            throw colon > 0
                ? new PointerFormatException(PointerError.UnsupportedHashAlgorithm, $"unsupported hash algorithm '{value[..colon]}': only sha256", line)
                : new PointerFormatException(PointerError.InvalidOid, "oid must be sha256:<64 lowercase hex digits>", line);
        }
        return ObjectId.TryParse(value[prefix.Length..], out var id)
            ? id.Value
            : throw new PointerFormatException(PointerError.InvalidOid, "oid must be sha256:<64 lowercase hex digits>", line);
    }

    private static long ParseSize(string? value, int line)
    {
        if (value is null)
        {
            throw new PointerFormatException(PointerError.MissingSize, "no size line");
        }
        bool canonicalDigits = value.All(char.IsAsciiDigit) && (value == "0" || value[0] != '0');
        if (!canonicalDigits)
        {
            throw new PointerFormatException(PointerError.InvalidSize, $"size '{value}' is not a non-negative decimal integer without leading zeros", line);
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size)
            ? size
            : throw new PointerFormatException(PointerError.SizeOutOfRange, $"size '{value}' is too large", line);
    }
}
