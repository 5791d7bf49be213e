using System.Buffers;
using System.Security.Cryptography;

namespace GitMl.Core.Import;

/// <summary>
/// Reads content once and hashes it both ways: md5, to check it is what DVC recorded, and SHA-256, git-ml's name
/// for it. Optionally copies it on the way (restoring a file from DVC's cache costs one read).
/// <para>
/// DVC before 3.0 named a text file by the md5 of its content with CRLF turned into LF ("md5-dos2unix": entries of
/// .dvc files and dvc.lock without <c>hash: md5</c>); DVC 3 names every file by the md5 of its bytes. Text is what
/// DVC takes for text: no NUL and at most 30% other bytes than printable ASCII and \n \r \t \f \b in the first
/// 512 bytes. The SHA-256 is always of the bytes as they are.
/// </para>
/// </summary>
public static class DualHash
{
    private const int BufferSize = 1 << 20;
    private const int TextProbeSize = 512;

    /// <param name="dos2unix">Name the content as DVC before 3.0 did (see the class summary).</param>
    public static (string Md5, string Sha256, long Size) Read(Stream source, Stream? copyTo = null, bool dos2unix = false)
    {
#pragma warning disable CA5351 // md5 is DVC's content name; it identifies bytes here, it protects nothing.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        bool? text = dos2unix ? null : false;
        bool pendingCr = false;
        try
        {
            int n;
            while ((n = source.ReadAtLeast(buffer.AsSpan(0, BufferSize), TextProbeSize, throwOnEndOfStream: false)) > 0)
            {
                var chunk = buffer.AsSpan(0, n);
                text ??= IsText(chunk[..Math.Min(n, TextProbeSize)]);
                if (text == true)
                {
                    pendingCr = AppendDos2Unix(md5, chunk, pendingCr);
                }
                else
                {
                    md5.AppendData(chunk);
                }
                sha256.AppendData(chunk);
                copyTo?.Write(chunk);
                size += n;
            }
            if (pendingCr)
            {
                md5.AppendData("\r"u8);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha256.GetHashAndReset()), size);
    }

    public static (string Md5, string Sha256, long Size) ReadFile(string path, bool dos2unix = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        return Read(stream, null, dos2unix);
    }

    /// <summary>DVC's text test (istextblock): no NUL, and at most 30% of the bytes outside printable ASCII and \n\r\t\f\b.</summary>
    public static bool IsText(ReadOnlySpan<byte> block)
    {
        if (block.IsEmpty)
        {
            return true;
        }
        if (block.Contains((byte)0))
        {
            return false;
        }
        int other = 0;
        foreach (byte b in block)
        {
            other += b is (>= 32 and < 127) or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or (byte)'\b' ? 0 : 1;
        }
        return other <= 0.30 * block.Length;
    }

    /// <summary>Hashes a chunk with every CRLF as LF; a CR at the chunk's end waits for the next chunk's first byte.</summary>
    /// <returns>Whether the chunk ended in a CR that is not hashed yet.</returns>
    private static bool AppendDos2Unix(IncrementalHash md5, ReadOnlySpan<byte> chunk, bool pendingCr)
    {
        if (pendingCr && (chunk.IsEmpty || chunk[0] != (byte)'\n'))
        {
            md5.AppendData("\r"u8);
        }
        int start = 0;
        while (chunk[start..].IndexOf("\r\n"u8) is var at and >= 0)
        {
            md5.AppendData(chunk.Slice(start, at)); // up to the CR; the LF starts the next piece
            start += at + 1;
        }
        bool endsInCr = chunk.Length > start && chunk[^1] == (byte)'\r';
        md5.AppendData(chunk[start..(endsInCr ? chunk.Length - 1 : chunk.Length)]);
        return endsInCr;
    }

    public static string Md5Hex(ReadOnlySpan<byte> bytes)
    {
#pragma warning disable CA5351 // see Read
        return Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
    }
}
