using System.Text;
using GitMl.Core.Import;

namespace GitMl.Core.Tests.Import;

/// <summary>
/// DVC before 3.0 named a text file by the md5 of its content with CRLF as LF (dvc-data's "md5-dos2unix", its tests
/// test_file_md5_crlf and istextblock); entries written then have no `hash: md5`. The SHA-256 stays of the bytes.
/// </summary>
public sealed class Dos2UnixHashTests
{
    private static (string Md5, string Sha256, long Size) Hash(byte[] bytes, bool dos2unix) =>
        DualHash.Read(new MemoryStream(bytes), null, dos2unix);

    private static string Md5(byte[] bytes) => DualHash.Md5Hex(bytes);

    [Fact]
    public void Crlf_text_has_the_md5_of_its_lf_form_and_the_sha256_of_its_bytes()
    {
        byte[] crlf = "a\r\nb\r\nc"u8.ToArray();
        byte[] lf = "a\nb\nc"u8.ToArray();

        var legacy = Hash(crlf, dos2unix: true);
        var plain = Hash(crlf, dos2unix: false);

        Assert.Equal(Md5(lf), legacy.Md5);
        Assert.Equal(Md5(crlf), plain.Md5);
        Assert.Equal(plain.Sha256, legacy.Sha256);
        Assert.Equal(crlf.Length, legacy.Size);
    }

    [Theory]
    [InlineData("a\rb\r\n", "a\rb\n")]              // a lone CR stays
    [InlineData("ends in CR\r", "ends in CR\r")]
    [InlineData("\r\n\r\n", "\n\n")]
    [InlineData("", "")]
    [InlineData("no line ends", "no line ends")]
    public void Only_crlf_pairs_change(string content, string expected) =>
        Assert.Equal(Md5(Encoding.UTF8.GetBytes(expected)), Hash(Encoding.UTF8.GetBytes(content), dos2unix: true).Md5);

    [Fact]
    public void Binary_content_keeps_the_md5_of_its_bytes()
    {
        byte[] binary = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x0d, 0x0a];
        Assert.Equal(Md5(binary), Hash(binary, dos2unix: true).Md5);
    }

    [Fact]
    public void A_crlf_split_across_read_chunks_is_still_one_line_end()
    {
        // The reader hashes 1 MiB at a time; the CR is the last byte of the first chunk.
        var text = new string('x', (1 << 20) - 1) + "\r\nafter\r\n";
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(Md5(Encoding.ASCII.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))), Hash(bytes, dos2unix: true).Md5);
    }

    [Theory]
    [InlineData(new byte[0], true)]
    [InlineData(new byte[] { 0x61, 0x0d, 0x0a, 0x09, 0x0c, 0x08 }, true)]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, false)]                               // any NUL: binary
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0xe9, 0xe9, 0xe9, 0x61, 0x62, 0x63, 0x64 }, true)]   // 30% other bytes
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0xe9, 0xe9, 0xe9, 0xe9, 0x61, 0x62, 0x63 }, false)]  // 40%
    public void Text_is_what_dvc_takes_for_text(byte[] block, bool text) =>
        Assert.Equal(text, DualHash.IsText(block));

    [Fact]
    public void Only_the_first_512_bytes_decide_whether_a_file_is_text()
    {
        // Text first, a NUL later: text, so its CRLFs are read as LF (as DVC does).
        byte[] bytes = [.. Encoding.ASCII.GetBytes(new string('t', 600) + "\r\n"), 0, .. "\r\n"u8];
        byte[] expected = [.. Encoding.ASCII.GetBytes(new string('t', 600) + "\n"), 0, .. "\n"u8];
        Assert.Equal(Md5(expected), Hash(bytes, dos2unix: true).Md5);
    }
}
