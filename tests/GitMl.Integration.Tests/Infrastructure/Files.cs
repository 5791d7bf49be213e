using System.Security.Cryptography;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>Test data on disk: random files of a given size, their hashes, byte-level edits.</summary>
public static class Files
{
    /// <summary>Writes <paramref name="size"/> pseudo-random bytes (seeded, so reproducible) and returns the SHA-256.</summary>
    public static string WriteRandom(string path, long size, int seed = 1)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        byte[] buffer = new byte[1 << 20];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            for (long left = size; left > 0;)
            {
                int n = (int)Math.Min(left, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, n));
                file.Write(buffer, 0, n);
                hash.AppendData(buffer, 0, n);
                left -= n;
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    public static void Write(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Where git-ml keeps an object in a repository's store.</summary>
    public static string ObjectPath(string repository, string oid) =>
        Path.Combine(repository, ".git", "ml", "objects", oid[..2], oid[2..4], oid);

    /// <summary>Flips one byte in the middle of a file, keeping its size.</summary>
    public static void FlipOneByte(string path)
    {
        File.SetAttributes(path, FileAttributes.Normal);
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        long at = file.Length / 2;
        file.Position = at;
        int b = file.ReadByte();
        file.Position = at;
        file.WriteByte((byte)(b ^ 0x5a));
    }
}
