using System.Buffers;
using System.Security.Cryptography;

namespace GitMl.Core.Import;

/// <summary>
/// Reads content once and hashes it both ways: md5, to check it is what DVC recorded, and SHA-256, git-ml's name
/// for it. Optionally copies it on the way (restoring a file from DVC's cache costs one read).
/// </summary>
public static class DualHash
{
    private const int BufferSize = 1 << 20;

    public static (string Md5, string Sha256, long Size) Read(Stream source, Stream? copyTo = null)
    {
#pragma warning disable CA5351 // md5 is DVC's content name; it identifies bytes here, it protects nothing.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            int n;
            while ((n = source.Read(buffer, 0, BufferSize)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                sha256.AppendData(buffer, 0, n);
                copyTo?.Write(buffer, 0, n);
                size += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha256.GetHashAndReset()), size);
    }

    public static (string Md5, string Sha256, long Size) ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        return Read(stream);
    }

    public static string Md5Hex(ReadOnlySpan<byte> bytes)
    {
#pragma warning disable CA5351 // see Read
        return Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
    }
}
