using System.Security.Cryptography;
using System.Text;
using GitMl.Core.Objects;
using static GitMl.Core.Tests.Objects.PointerText;

namespace GitMl.Core.Tests.Objects;

public class PointerRoundTripTests
{
    private static readonly ObjectId SomeOid = ObjectId.Parse(Hex);

    private static KeyValuePair<string, string> Kv(string key, string value) => new(key, value);

    public static TheoryData<string, Pointer> Pointers => new()
    {
        { "empty content", new Pointer(ObjectId.FromHash(SHA256.HashData([])), 0) },
        { "plain", new Pointer(SomeOid, 12345) },
        { "largest size", new Pointer(SomeOid, long.MaxValue) },
        { "one extra key before oid", new Pointer(SomeOid, 1, [Kv("ext-0-note", "hello world")]) },
        { "extra keys everywhere, given unsorted", new Pointer(SomeOid, 7, [Kv("zz", "z"), Kv("pipeline", "train"), Kv("a", "1"), Kv("oid-extra", "x"), Kv("size.unit", "bytes")]) },
        { "non-ASCII values", new Pointer(SomeOid, 99, [Kv("ext-author", "Zoë 山田"), Kv("ext-emoji", "🧪 run")]) },
    };

    [Theory]
    [MemberData(nameof(Pointers))]
    public void Parse_of_Encode_gives_an_equal_pointer_and_identical_bytes(string name, Pointer pointer)
    {
        byte[] bytes = pointer.Encode();

        var parsed = Pointer.Parse(bytes);

        Assert.True(pointer.Equals(parsed), name);
        Assert.Equal(pointer.GetHashCode(), parsed.GetHashCode());
        Assert.Equal(pointer.Oid, parsed.Oid);
        Assert.Equal(pointer.Size, parsed.Size);
        Assert.Equal(pointer.ExtraKeys, parsed.ExtraKeys);
        Assert.Equal(bytes, parsed.Encode());
    }

    [Fact]
    public void Encodes_the_canonical_text()
    {
        var pointer = new Pointer(SomeOid, 12345, [Kv("zz", "last"), Kv("ext-a", "first")]);

        Assert.Equal(Lines(VersionLine, "ext-a first", OidLine, SizeLine, "zz last"), pointer.Encode());
    }

    [Fact]
    public void Unknown_keys_are_kept_sorted_ordinally()
    {
        var pointer = new Pointer(SomeOid, 1, [Kv("b", "2"), Kv("a-b", "3"), Kv("a", "1"), Kv("a.b", "4"), Kv("9", "0")]);

        // Ordinal: '-' (0x2d) < '.' (0x2e) < '0'-'9' < 'a'-'z'.
        Assert.Equal(["9", "a", "a-b", "a.b", "b"], pointer.ExtraKeys.Select(k => k.Key));
        Assert.Equal(pointer, Pointer.Parse(pointer.Encode()));
    }

    [Fact]
    public void Pointers_differing_in_any_part_are_not_equal()
    {
        var basePointer = new Pointer(SomeOid, 5, [Kv("k", "v")]);
        var otherOid = ObjectId.FromHash(SHA256.HashData("x"u8));

        Assert.Equal(basePointer, new Pointer(SomeOid, 5, [Kv("k", "v")]));
        Assert.NotEqual(basePointer, new Pointer(otherOid, 5, [Kv("k", "v")]));
        Assert.NotEqual(basePointer, new Pointer(SomeOid, 6, [Kv("k", "v")]));
        Assert.NotEqual(basePointer, new Pointer(SomeOid, 5, [Kv("k", "w")]));
        Assert.NotEqual(basePointer, new Pointer(SomeOid, 5));
        Assert.False(basePointer.Equals(null));
    }

    [Theory]
    [InlineData("version")]
    [InlineData("oid")]
    [InlineData("size")]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with space")]
    [InlineData("under_score")]
    public void Rejects_extra_keys_that_could_not_be_parsed_back(string key)
    {
        Assert.Throws<ArgumentException>(() => new Pointer(SomeOid, 1, [Kv(key, "v")]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("new\nline")]
    [InlineData("carriage\rreturn")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    public void Rejects_extra_values_that_could_not_be_parsed_back(string value)
    {
        Assert.Throws<ArgumentException>(() => new Pointer(SomeOid, 1, [Kv("ext", value)]));
    }

    [Fact]
    public void Rejects_the_same_extra_key_twice()
    {
        // Two lines with one key would encode a pointer its own parser rejects (DuplicateKey).
        Assert.Throws<ArgumentException>(() => new Pointer(SomeOid, 1, [Kv("ext", "a"), Kv("ext", "b")]));
    }

    [Fact]
    public void Rejects_a_negative_size()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pointer(SomeOid, -1));
    }

    [Fact]
    public void Rejects_extra_keys_that_make_the_pointer_1024_bytes_or_more()
    {
        int room = 1023 - new Pointer(SomeOid, 12345).Encode().Length - "ext-0-note \n".Length;

        var largest = new Pointer(SomeOid, 12345, [Kv("ext-0-note", new string('a', room))]);
        Assert.Equal(1023, largest.Encode().Length);
        Assert.Throws<ArgumentException>(() => new Pointer(SomeOid, 12345, [Kv("ext-0-note", new string('a', room + 1))]));
        // Counted in UTF-8 bytes, not chars: 'é' is two bytes.
        Assert.Throws<ArgumentException>(() => new Pointer(SomeOid, 12345, [Kv("ext-0-note", "é" + new string('a', room - 1))]));
    }

    [Fact]
    public void Random_pointers_round_trip_and_every_small_corruption_of_them_is_rejected()
    {
        var random = new Random(20240601);
        const string keyChars = "abcdefghijklmnopqrstuvwxyz0123456789.-";
        string[] valueWords = ["x", "train", "café", "山田", "🧪", "a b", "1.0", "v=2", "sha256:ff", "\u00a0nbsp"];
        long[] edgeSizes = [0, 1, 9, 10, 1023, 1024, 1 << 20, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue - 1, long.MaxValue];

        for (int i = 0; i < 500; i++)
        {
            var hash = new byte[32];
            random.NextBytes(hash);
            var oid = ObjectId.FromHash(hash);
            long size = i < edgeSizes.Length ? edgeSizes[i] : random.NextInt64(0, long.MaxValue);
            var extra = new Dictionary<string, string>();
            for (int k = random.Next(0, 5); k > 0; k--)
            {
                string key = new(Enumerable.Range(0, random.Next(1, 12)).Select(_ => keyChars[random.Next(keyChars.Length)]).ToArray());
                if (key is "version" or "oid" or "size")
                {
                    continue;
                }
                extra[key] = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => valueWords[random.Next(valueWords.Length)]));
            }
            var pointer = new Pointer(oid, size, extra);
            byte[] bytes = pointer.Encode();

            var parsed = Pointer.Parse(bytes);
            Assert.Equal(pointer, parsed);
            Assert.Equal(oid, parsed.Oid);
            Assert.Equal(size, parsed.Size);
            Assert.Equal(extra.OrderBy(e => e.Key, StringComparer.Ordinal), parsed.ExtraKeys);
            Assert.Equal(bytes, parsed.Encode());
            Assert.Equal(Encoding.UTF8.GetString(bytes), pointer.ToString());

            foreach (var (what, corrupt) in Corruptions(bytes, random))
            {
                Assert.True(Pointer.TryParse(corrupt, out var error) is null, $"accepted with {what}:\n{Encoding.UTF8.GetString(corrupt)}");
                Assert.NotNull(error);
            }
        }
    }

    /// <summary>Small edits that must each make a canonical pointer invalid: there is one valid encoding.</summary>
    private static IEnumerable<(string What, byte[] Bytes)> Corruptions(byte[] bytes, Random random)
    {
        string text = Encoding.UTF8.GetString(bytes);
        string[] lines = text[..^1].Split('\n');
        int line = random.Next(lines.Length);

        yield return ("no final newline", bytes[..^1]);
        yield return ("an empty last line", Encoding.UTF8.GetBytes(text + "\n"));
        yield return ("CRLF", Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        yield return ("a BOM", Encoding.UTF8.GetBytes("\uFEFF" + text));
        yield return ("a trailing space", Encoding.UTF8.GetBytes(string.Join('\n', lines.Select((l, i) => i == line ? l + " " : l)) + "\n"));
        yield return ("a double space", Encoding.UTF8.GetBytes(string.Join('\n', lines.Select((l, i) => i == line ? l.Replace(" ", "  ", StringComparison.Ordinal) : l)) + "\n"));
        // Dropping a required line (version, oid or size); dropping an extra key would leave a valid pointer.
        int[] required = lines.Select((l, i) => (l, i)).Where(x => x.l.Split(' ')[0] is "version" or "oid" or "size").Select(x => x.i).ToArray();
        int dropped = required[random.Next(required.Length)];
        yield return ("a required line dropped", Encoding.UTF8.GetBytes(string.Join('\n', lines.Where((_, i) => i != dropped)) + "\n"));
        if (lines.Length > 2)
        {
            // Two neighbouring lines after the version swapped: keys out of order (they are all distinct).
            int at = random.Next(1, lines.Length - 1);
            (lines[at], lines[at + 1]) = (lines[at + 1], lines[at]);
            yield return ("two lines swapped", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            (lines[at], lines[at + 1]) = (lines[at + 1], lines[at]);
        }
        string hex = lines.First(l => l.StartsWith("oid ", StringComparison.Ordinal))["oid sha256:".Length..];
        if (hex.Any(char.IsAsciiLetter))
        {
            yield return ("uppercase hex", Encoding.UTF8.GetBytes(text.Replace(hex, hex.ToUpperInvariant(), StringComparison.Ordinal)));
        }
        string sizeLine = lines.First(l => l.StartsWith("size ", StringComparison.Ordinal));
        yield return ("a leading zero in size", Encoding.UTF8.GetBytes(text.Replace(sizeLine + "\n", "size 0" + sizeLine[5..] + "\n", StringComparison.Ordinal)));
        yield return ("a plus sign in size", Encoding.UTF8.GetBytes(text.Replace(sizeLine + "\n", "size +" + sizeLine[5..] + "\n", StringComparison.Ordinal)));
    }
}
