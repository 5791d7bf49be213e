using System.Security.Cryptography;
using GitMl.Core.Objects;

namespace GitMl.Core.Tests.Objects;

public class ObjectIdTests
{
    [Fact]
    public void FromHash_gives_lowercase_hex_of_the_sha256()
    {
        var oid = ObjectId.FromHash(SHA256.HashData("abc"u8));

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", oid.Hex);
        Assert.Equal("ba7816bf8f", oid.Short);
        Assert.Equal(oid.Hex, oid.ToString());
    }

    [Fact]
    public void FromHash_rejects_anything_but_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => ObjectId.FromHash(new byte[31]));
        Assert.Throws<ArgumentException>(() => ObjectId.FromHash(new byte[33]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015add")]
    [InlineData("../../../../../../../../../../../../../../../../../../../etc/pass")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\u0661")]
    public void Accepts_only_64_lowercase_hex_digits(string? text)
    {
        Assert.False(ObjectId.TryParse(text, out var id));
        Assert.Null(id);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => ObjectId.Parse(text));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015add")]
    [InlineData("../../../../../../../../../../../../../../../../../../../etc/pass")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\u0661")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015g")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015\0d")]
    public void The_bytes_of_a_cache_line_are_held_to_the_same_rule(string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);

        Assert.False(ObjectId.TryParse(bytes, out var id));
        Assert.Equal(default, id);
        Assert.False(ObjectId.IsValidHex(bytes));
    }

    [Fact]
    public void The_bytes_of_an_id_parse_to_the_id_its_text_names()
    {
        const string hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        Assert.True(ObjectId.TryParse(System.Text.Encoding.ASCII.GetBytes(hex), out var id));
        Assert.Equal(ObjectId.Parse(hex), id);
    }

    [Fact]
    public void Parse_and_Hex_round_trip_and_compare_by_value()
    {
        const string hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        Assert.Equal(ObjectId.Parse(hex), ObjectId.FromHash(SHA256.HashData("abc"u8)));
        Assert.Equal(hex, ObjectId.Parse(hex).Hex);
    }

    [Fact]
    public void A_default_ObjectId_has_no_value()
    {
        Assert.Throws<InvalidOperationException>(() => default(ObjectId).Hex);
    }
}
