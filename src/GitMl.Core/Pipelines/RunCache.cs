using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Locks;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Repro;
using GitMl.Core.Yaml;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Remembers what each stage run produced, by what went in: the command, every dependency's hash and every
/// parameter value. When a stage is about to run with inputs it has run with before (a parameter changed and
/// changed back, a branch switched back and forth), its outputs are restored from the object store instead of
/// running it again. Kept locally in .git/ml/runcache, one small file per run; every output's content is in the
/// store, so restoring is exact.
/// </summary>
public sealed class RunCache(MlRepository repo)
{
    private string Folder => Path.Combine(repo.Store.Root, "runcache");

    /// <summary>
    /// The key of a run: a SHA-256 over a canonical text of its command, dependencies, parameters and the paths of
    /// the outputs it declares. Output paths are part of it, as in DVC's run cache: two stages with the same command
    /// and inputs but different outputs (two `cmd: "true"` stages) are different runs.
    /// </summary>
    public static string Key(LockedStage inputs, IEnumerable<string> outputPaths)
    {
        var sb = new StringBuilder("cmd ").Append(inputs.Command.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        foreach (var dep in inputs.Deps.OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            sb.Append("dep ").Append(dep.Hash).Append(' ').Append(dep.Path).Append('\n');
        }
        foreach (var (file, values) in inputs.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                sb.Append("param ").Append(file).Append(' ').Append(key).Append(' ').Append(YamlScalars.Value(value)).Append('\n');
            }
        }
        foreach (string output in outputPaths.Order(StringComparer.Ordinal))
        {
            sb.Append("out ").Append(output).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Records the outputs of a successful run.</summary>
    public void Remember(LockedStage run)
    {
        var sb = new StringBuilder();
        foreach (var output in run.Outs.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            sb.Append(output.Hash).Append('\t').Append(output.Size.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(output.FileCount?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\t').Append(output.Path).Append('\n');
        }
        AtomicFile.WriteAllText(PathOf(Key(run, run.Outs.Select(o => o.Path))), sb.ToString());
    }

    /// <summary>
    /// The outputs an earlier run with exactly these inputs and declared outputs produced, when all their content is
    /// still in the store.
    /// </summary>
    public IReadOnlyList<LockedPath>? Lookup(LockedStage inputs, IReadOnlyCollection<string> outputPaths)
    {
        string path = PathOf(Key(inputs, outputPaths));
        if (!File.Exists(path))
        {
            return null;
        }
        var outs = new List<LockedPath>();
        foreach (string line in File.ReadAllLines(path))
        {
            string[] f = line.Split('\t', 4);
            if (f.Length != 4 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                return null;
            }
            int? files = f[2] == "-" ? null : int.Parse(f[2], CultureInfo.InvariantCulture);
            outs.Add(new LockedPath(f[3], "sha256", f[0], size, files, new Dictionary<string, string>()));
        }
        // The recorded outputs must be exactly the declared ones: restoring never writes a path the stage does not own.
        bool same = outs.Select(o => o.Path).Order(StringComparer.Ordinal).SequenceEqual(outputPaths.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        return same && outs.All(Restorable) ? outs : null;
    }

    /// <summary>
    /// Writes an output back into the working tree from the store (a directory: every file of its manifest, in place
    /// of what was there), every deletion and write through the <paramref name="guard"/>.
    /// </summary>
    public void Restore(LockedPath output, OutputGuard guard)
    {
        if (!output.IsDirectory)
        {
            WriteObject(ObjectId.Parse(output.Hash), guard.PathForWriting(output.Path));
            return;
        }
        var manifest = ReadManifest(output);
        guard.Remove(output.Path, asRecorded: true);
        foreach (var entry in manifest.Entries)
        {
            WriteObject(entry.Oid, guard.PathForWriting(output.Path + "/" + entry.Path));
        }
    }

    private bool Restorable(LockedPath output)
    {
        if (!output.IsDirectory)
        {
            return ObjectId.TryParse(output.Hash, out var oid) && repo.Store.Contains(oid.Value);
        }
        try
        {
            return ReadManifest(output).Entries.All(e => repo.Store.Contains(e.Oid));
        }
        catch (Exception e) when (e is FormatException or ObjectMissingException or CorruptObjectException)
        {
            return false;
        }
    }

    private DirectoryManifest ReadManifest(LockedPath output)
    {
        using var stream = repo.Store.OpenRead(ObjectId.Parse(output.Hash[..^".dir".Length]));
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return DirectoryManifest.Parse(buffer.ToArray());
    }

    private void WriteObject(ObjectId oid, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = target + $".git-ml-{Environment.ProcessId}.tmp";
        using (var source = repo.Store.OpenRead(oid))
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            source.CopyTo(file, 1 << 20);
        }
        File.Move(temp, target, overwrite: true);
    }

    private string PathOf(string key) => Path.Combine(Folder, key[..2], key);
}
