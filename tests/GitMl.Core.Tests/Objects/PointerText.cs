using System.Text;

namespace GitMl.Core.Tests.Objects;

/// <summary>Pointer bytes written out by hand, independently of <c>Pointer.Encode</c>.</summary>
internal static class PointerText
{
    public const string VersionLine = "version https://git-ml.dev/spec/v1";
    public const string Hex = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
    public const string OidLine = "oid sha256:" + Hex;
    public const string SizeLine = "size 12345";

    /// <summary>The given lines, each ended by LF.</summary>
    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    public static byte[] Valid => Lines(VersionLine, OidLine, SizeLine);

    /// <summary>A valid pointer padded to exactly <paramref name="length"/> bytes by an extra key that sorts first.</summary>
    public static byte[] OfLength(int length)
    {
        int padding = length - Valid.Length - "ext-0-note \n".Length;
        byte[] bytes = Lines(VersionLine, "ext-0-note " + new string('a', padding), OidLine, SizeLine);
        return bytes.Length == length ? bytes : throw new InvalidOperationException("padding arithmetic is off");
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
