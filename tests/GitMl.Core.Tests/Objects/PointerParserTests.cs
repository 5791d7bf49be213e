using System.Text;
using GitMl.Core.Objects;
using static GitMl.Core.Tests.Objects.PointerText;

namespace GitMl.Core.Tests.Objects;

public class PointerParserTests
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public static TheoryData<string, byte[], PointerError> Malformed => new()
    {
        { "empty", [], PointerError.Empty },
        { "exactly 1024 bytes", OfLength(1024), PointerError.TooLarge },
        { "1025 bytes", OfLength(1025), PointerError.TooLarge },
        { "CRLF line endings", Ascii($"{VersionLine}\r\n{OidLine}\r\n{SizeLine}\r\n"), PointerError.CarriageReturn },
        { "a lone CR at the end", Concat(Valid, [(byte)'\r']), PointerError.CarriageReturn },
        { "uppercase hex", Lines(VersionLine, "oid sha256:" + Hex.ToUpperInvariant(), SizeLine), PointerError.InvalidOid },
        { "one uppercase hex digit", Lines(VersionLine, "oid sha256:" + Hex[..63] + "F", SizeLine), PointerError.InvalidOid },
        { "63 hex digits", Lines(VersionLine, "oid sha256:" + Hex[..63], SizeLine), PointerError.InvalidOid },
        { "65 hex digits", Lines(VersionLine, "oid sha256:" + Hex + "0", SizeLine), PointerError.InvalidOid },
        { "non-hex letter", Lines(VersionLine, "oid sha256:" + Hex[..63] + "g", SizeLine), PointerError.InvalidOid },
        { "path traversal in the oid", Lines(VersionLine, "oid sha256:../../x", SizeLine), PointerError.InvalidOid },
        { "empty hash after sha256:", Lines(VersionLine, "oid sha256:", SizeLine), PointerError.InvalidOid },
        { "oid without algorithm", Lines(VersionLine, "oid " + Hex, SizeLine), PointerError.InvalidOid },
        { "md5 oid", Lines(VersionLine, "oid md5:d41d8cd98f00b204e9800998ecf8427e", SizeLine), PointerError.UnsupportedHashAlgorithm },
        { "SHA256 in capitals", Lines(VersionLine, "oid SHA256:" + Hex, SizeLine), PointerError.UnsupportedHashAlgorithm },
        { "size -1", Lines(VersionLine, OidLine, "size -1"), PointerError.InvalidSize },
        { "size 1e3", Lines(VersionLine, OidLine, "size 1e3"), PointerError.InvalidSize },
        { "size +5", Lines(VersionLine, OidLine, "size +5"), PointerError.InvalidSize },
        { "size 007", Lines(VersionLine, OidLine, "size 007"), PointerError.InvalidSize },
        { "size 00", Lines(VersionLine, OidLine, "size 00"), PointerError.InvalidSize },
        { "size 1.0", Lines(VersionLine, OidLine, "size 1.0"), PointerError.InvalidSize },
        { "size 1,000", Lines(VersionLine, OidLine, "size 1,000"), PointerError.InvalidSize },
        { "size 0x10", Lines(VersionLine, OidLine, "size 0x10"), PointerError.InvalidSize },
        { "size in Arabic-Indic digits", Lines(VersionLine, OidLine, "size \u0661\u0662"), PointerError.InvalidSize },
        { "size long.MaxValue + 1", Lines(VersionLine, OidLine, "size 9223372036854775808"), PointerError.SizeOutOfRange },
        { "size of 30 digits", Lines(VersionLine, OidLine, "size 123456789012345678901234567890"), PointerError.SizeOutOfRange },
        { "duplicate extra key", Lines(VersionLine, "ext-a x", "ext-a y", OidLine, SizeLine), PointerError.DuplicateKey },
        { "duplicate oid", Lines(VersionLine, OidLine, OidLine, SizeLine), PointerError.DuplicateKey },
        { "duplicate size", Lines(VersionLine, OidLine, SizeLine, SizeLine), PointerError.DuplicateKey },
        { "duplicate version, second line", Lines(VersionLine, VersionLine, OidLine, SizeLine), PointerError.DuplicateKey },
        { "duplicate version, last line", Lines(VersionLine, OidLine, SizeLine, VersionLine), PointerError.DuplicateKey },
        { "size before oid", Lines(VersionLine, SizeLine, OidLine), PointerError.KeysNotSorted },
        { "extra key after size", Lines(VersionLine, OidLine, SizeLine, "ext-a x"), PointerError.KeysNotSorted },
        { "extra keys out of order", Lines(VersionLine, "ext-b x", "ext-a y", OidLine, SizeLine), PointerError.KeysNotSorted },
        { "trailing space", Lines(VersionLine, OidLine, SizeLine + " "), PointerError.TrailingWhitespace },
        { "trailing space on the version line", Lines(VersionLine + " ", OidLine, SizeLine), PointerError.TrailingWhitespace },
        { "double space", Lines(VersionLine, OidLine, "size  12345"), PointerError.MalformedLine },
        { "double space after oid", Lines(VersionLine, "oid  sha256:" + Hex, SizeLine), PointerError.MalformedLine },
        { "leading space", Lines(VersionLine, " " + OidLine, SizeLine), PointerError.MalformedLine },
        { "key without value", Lines(VersionLine, OidLine, "size"), PointerError.MalformedLine },
        { "tab as separator", Lines(VersionLine, OidLine, "size\t12345"), PointerError.ControlCharacter },
        { "tab inside a value", Lines(VersionLine, "ext-a x\ty", OidLine, SizeLine), PointerError.ControlCharacter },
        { "DEL inside a value", Lines(VersionLine, "ext-a x\u007fy", OidLine, SizeLine), PointerError.ControlCharacter },
        { "C1 control (NEL) inside a value", Lines(VersionLine, "ext-a x\u0085y", OidLine, SizeLine), PointerError.ControlCharacter },
        { "NUL", Concat(Lines(VersionLine, OidLine), Ascii("size 1\0\n")), PointerError.ContainsNul },
        { "BOM", Concat(Utf8Bom, Valid), PointerError.ByteOrderMark },
        { "invalid UTF-8 in an extra value", Concat(Lines(VersionLine), Ascii("ext-a x"), [0xC3, 0x28], Ascii("y\n"), Lines(OidLine, SizeLine)), PointerError.InvalidUtf8 },
        { "overlong UTF-8 encoding of '/'", Concat(Lines(VersionLine), Ascii("ext-a x"), [0xC0, 0xAF], Ascii("\n"), Lines(OidLine, SizeLine)), PointerError.InvalidUtf8 },
        { "UTF-8 encoded surrogate", Concat(Lines(VersionLine), Ascii("ext-a x"), [0xED, 0xA0, 0x80], Ascii("\n"), Lines(OidLine, SizeLine)), PointerError.InvalidUtf8 },
        { "Latin-1 byte", Concat(Lines(VersionLine), Ascii("ext-a caf"), [0xE9], Ascii("\n"), Lines(OidLine, SizeLine)), PointerError.InvalidUtf8 },
        { "missing final newline", Valid[..^1], PointerError.MissingFinalNewline },
        { "empty line in the middle", Lines(VersionLine, "", OidLine, SizeLine), PointerError.EmptyLine },
        { "empty line at the end", Lines(VersionLine, OidLine, SizeLine, ""), PointerError.EmptyLine },
        { "only a newline", Ascii("\n"), PointerError.EmptyLine },
        { "missing oid", Lines(VersionLine, SizeLine), PointerError.MissingOid },
        { "only the version line", Lines(VersionLine), PointerError.MissingOid },
        { "missing size", Lines(VersionLine, OidLine), PointerError.MissingSize },
        { "version not first", Lines(OidLine, SizeLine, VersionLine), PointerError.VersionNotFirst },
        { "no version at all", Lines(OidLine, SizeLine), PointerError.VersionNotFirst },
        { "git-lfs version line", Lines("version https://git-lfs.github.com/spec/v1", OidLine, SizeLine), PointerError.UnsupportedVersion },
        { "unknown version", Lines("version https://git-ml.dev/spec/v2", OidLine, SizeLine), PointerError.UnsupportedVersion },
        { "version with a trailing slash", Lines(VersionLine + "/", OidLine, SizeLine), PointerError.UnsupportedVersion },
        { "uppercase key", Lines(VersionLine, OidLine, "Size 12345"), PointerError.InvalidKey },
        { "uppercase version key", Lines("Version https://git-ml.dev/spec/v1", OidLine, SizeLine), PointerError.InvalidKey },
        { "underscore in a key", Lines(VersionLine, "ext_a x", OidLine, SizeLine), PointerError.InvalidKey },
        { "non-ASCII key", Lines(VersionLine, "\u00e9xt x", OidLine, SizeLine), PointerError.InvalidKey },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_input_with_the_specific_error(string name, byte[] input, PointerError expected)
    {
        var e = Assert.Throws<PointerFormatException>(() => Pointer.Parse(input));
        Assert.True(expected == e.Error, $"{name}: expected {expected}, got {e.Error} ({e.Message})");

        Assert.Null(Pointer.TryParse(input, out var error));
        Assert.Equal(expected, error!.Error);
    }

    [Fact]
    public void The_malformed_table_covers_at_least_30_cases()
    {
        Assert.True(Malformed.Count >= 30);
    }

    [Fact]
    public void A_valid_1023_byte_pointer_parses()
    {
        byte[] bytes = OfLength(1023);

        var pointer = Pointer.Parse(bytes);

        Assert.Equal(Hex, pointer.Oid.Hex);
        Assert.Equal(12345, pointer.Size);
        var (key, value) = Assert.Single(pointer.ExtraKeys);
        Assert.Equal("ext-0-note", key);
        Assert.Equal(new string('a', 889), value);
        Assert.Equal(bytes, pointer.Encode());
    }

    [Fact]
    public void The_minimal_pointer_parses()
    {
        var pointer = Pointer.Parse(Valid);

        Assert.Equal(Hex, pointer.Oid.Hex);
        Assert.Equal(12345, pointer.Size);
        Assert.Empty(pointer.ExtraKeys);
        Assert.Equal(Valid, pointer.Encode());
        Assert.Equal(Encoding.ASCII.GetString(Valid), pointer.ToString());
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("10", 10L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Parses_sizes_from_zero_to_long_MaxValue(string text, long expected)
    {
        Assert.Equal(expected, Pointer.Parse(Lines(VersionLine, OidLine, "size " + text)).Size);
    }

    [Fact]
    public void Keeps_unknown_keys_on_either_side_of_oid_and_size()
    {
        byte[] bytes = Lines(VersionLine, "alpha 1", "ext-note café ☕ with spaces", OidLine, "oid-extra x", "pipeline train", SizeLine, "zz last");

        var pointer = Pointer.Parse(bytes);

        Assert.Equal(
            [new("alpha", "1"), new("ext-note", "café ☕ with spaces"), new("oid-extra", "x"), new("pipeline", "train"), new KeyValuePair<string, string>("zz", "last")],
            pointer.ExtraKeys);
        Assert.Equal(bytes, pointer.Encode());
    }

    [Theory]
    [InlineData("a missing oid", new[] { VersionLine, SizeLine }, null)]
    [InlineData("a bad oid", new[] { VersionLine, "oid sha256:x", SizeLine }, 2)]
    [InlineData("a bad size", new[] { VersionLine, OidLine, "size x" }, 3)]
    [InlineData("a trailing space", new[] { VersionLine, OidLine, SizeLine + " " }, 3)]
    [InlineData("an unsorted key", new[] { VersionLine, "b x", "a x", OidLine, SizeLine }, 3)]
    [InlineData("a bad version", new[] { "version x", OidLine, SizeLine }, 1)]
    public void Names_the_line_of_the_problem(string name, string[] lines, int? line)
    {
        var e = Assert.Throws<PointerFormatException>(() => Pointer.Parse(Lines(lines)));

        Assert.True(line == e.Line, $"{name}: expected line {line}, got {e.Line}");
        if (line is not null)
        {
            Assert.StartsWith($"line {line}: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Says_when_a_pointer_is_a_git_lfs_one()
    {
        var e = Assert.Throws<PointerFormatException>(() => Pointer.Parse(Lines("version https://git-lfs.github.com/spec/v1", "oid sha256:" + Hex, "size 1")));

        Assert.Contains("git-lfs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LooksLikePointer_recognises_the_prefix_even_of_damaged_pointers()
    {
        Assert.True(Pointer.LooksLikePointer(Valid));
        Assert.True(Pointer.LooksLikePointer(Lines("version https://git-ml.dev/spec/v9", "garbage")));
        Assert.False(Pointer.LooksLikePointer(Lines("version https://git-lfs.github.com/spec/v1")));
        Assert.False(Pointer.LooksLikePointer([]));
        Assert.True(Pointer.Prefix.SequenceEqual(Lines(VersionLine)));
    }
}
