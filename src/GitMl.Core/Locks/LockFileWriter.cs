using System.Globalization;
using System.Text;
using GitMl.Core.Yaml;

namespace GitMl.Core.Locks;

/// <summary>
/// Writes a lock file in its one canonical form (docs/spec/ml-lock.md): dvc.lock's layout, stages sorted by name,
/// each with cmd, deps, params, outs in that order, entries sorted by path, params by file then key, the keys of
/// an entry in a fixed order, LF line ends and a final newline. Equal lock files are equal bytes, so diffs stay
/// small and most merges are trivial.
/// </summary>
public static class LockFileWriter
{
    public static string Write(LockFile lockFile) => Compose(
        SchemaBlock(lockFile.Schema),
        [.. lockFile.Stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => StageBlock(s.Key, s.Value))],
        lockFile.Extra.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => TopLevelBlock(e.Key, e.Value)));

    /// <summary>
    /// The file from its blocks, each a whole number of LF-terminated lines, already in canonical order: the schema
    /// block, then "stages:" with the stage blocks (or "stages: {}" when there are none), then the other top-level
    /// keys. <see cref="Write"/> composes canonical blocks; the merge driver composes the same blocks, with conflict
    /// markers around the ones both sides changed differently, so a clean merge is byte for byte what Write gives.
    /// </summary>
    public static string Compose(string schemaBlock, IReadOnlyList<string> stageBlocks, IEnumerable<string> topLevelBlocks)
    {
        var sb = new StringBuilder(schemaBlock);
        sb.Append(stageBlocks.Count == 0 ? "stages: {}\n" : "stages:\n");
        foreach (string block in stageBlocks)
        {
            sb.Append(block);
        }
        foreach (string block in topLevelBlocks)
        {
            sb.Append(block);
        }
        return sb.ToString();
    }

    /// <summary>The schema line: "schema: '2.0'".</summary>
    public static string SchemaBlock(string schema) => $"schema: {YamlScalars.String(schema)}\n";

    /// <summary>One top-level key other than schema and stages, with its value as the reader kept it (YAML text).</summary>
    public static string TopLevelBlock(string key, string valueText) => $"{YamlScalars.String(key)}: {valueText}\n";

    /// <summary>One stage under "stages:": its name line and its entry.</summary>
    public static string StageBlock(string name, LockedStage stage)
    {
        var sb = new StringBuilder();
        sb.Append("  ").Append(YamlScalars.String(name)).Append(":\n");
        WriteStage(sb, stage);
        return sb.ToString();
    }

    /// <summary>One stage's entry, indented for its place under its name.</summary>
    private static void WriteStage(StringBuilder sb, LockedStage stage)
    {
        string[] commands = stage.Command.Split('\n');
        if (commands.Length == 1)
        {
            sb.Append("    cmd: ").Append(YamlScalars.String(commands[0])).Append('\n');
        }
        else
        {
            sb.Append("    cmd:\n");
            foreach (string command in commands)
            {
                sb.Append("    - ").Append(YamlScalars.String(command)).Append('\n');
            }
        }
        WritePaths(sb, "deps", stage.Deps);
        if (stage.Params.Count > 0)
        {
            sb.Append("    params:\n");
            foreach (var (file, values) in stage.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                sb.Append("      ").Append(YamlScalars.String(file)).Append(':');
                if (values.Count == 0)
                {
                    sb.Append(" {}\n");
                    continue;
                }
                sb.Append('\n');
                foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    sb.Append("        ").Append(YamlScalars.String(key)).Append(": ").Append(YamlScalars.Value(value)).Append('\n');
                }
            }
        }
        WritePaths(sb, "outs", stage.Outs);
        foreach (var (key, text) in stage.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            sb.Append("    ").Append(YamlScalars.String(key)).Append(": ").Append(text).Append('\n');
        }
    }

    private static void WritePaths(StringBuilder sb, string section, IReadOnlyList<LockedPath> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }
        sb.Append("    ").Append(section).Append(":\n");
        foreach (var entry in paths.OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            sb.Append("    - path: ").Append(YamlScalars.String(entry.Path)).Append('\n');
            if (entry.HashKind == LockedPath.Md5Dos2Unix)
            {
                // As DVC before 3.0 wrote it (kept until an import converts it): the md5 alone names this kind.
                sb.Append("      md5: ").Append(YamlScalars.String(entry.Hash)).Append('\n');
            }
            else
            {
                sb.Append("      hash: ").Append(YamlScalars.String(entry.HashKind)).Append('\n');
                sb.Append("      ").Append(YamlScalars.String(entry.HashKind)).Append(": ").Append(YamlScalars.String(entry.Hash)).Append('\n');
            }
            sb.Append("      size: ").Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
            if (entry.FileCount is int count)
            {
                sb.Append("      nfiles: ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            foreach (var (key, text) in entry.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                sb.Append("      ").Append(YamlScalars.String(key)).Append(": ").Append(text).Append('\n');
            }
        }
    }
}
