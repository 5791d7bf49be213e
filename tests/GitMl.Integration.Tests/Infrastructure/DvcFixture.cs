using System.Security.Cryptography;
using System.Text;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>What DVC leaves in a repository, written by hand with real md5s: .dvc files and DVC's cache.</summary>
public static class DvcFixture
{
    public static string Md5(string content) =>
#pragma warning disable CA5351 // DVC's content hash, reproduced for the fixture.
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(content)));
#pragma warning restore CA5351

    /// <summary>The md5 of a file in the repository, as dvc.lock records a dependency.</summary>
    public static string Md5Of(string repo, string path) => Md5(File.ReadAllText(Path.Combine(repo, path)));

    /// <summary>Writes the .dvc file `dvc add` would write for this content (the data itself is not written).</summary>
    public static void DvcAdd(string repo, string path, string content, string extra = "") =>
        Files.Write(Path.Combine(repo, path + ".dvc"),
            $"{extra}outs:\n- md5: {Md5(content)}\n  size: {Encoding.UTF8.GetByteCount(content)}\n  hash: md5\n  path: {Path.GetFileName(path)}\n");

    /// <summary>Puts content into DVC's cache: .dvc/cache/xx/rest (DVC 2) or .dvc/cache/files/md5/xx/rest (DVC 3).</summary>
    public static void InCache(string repo, string content, bool dvc3)
    {
        string md5 = Md5(content);
        Files.Write(Path.Combine(repo, ".dvc", "cache", dvc3 ? "files/md5" : "", md5[..2], md5[2..]), content);
    }
}
