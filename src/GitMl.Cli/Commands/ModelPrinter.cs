using System.Globalization;
using GitMl.Core.Registry;

namespace GitMl.Cli.Commands;

/// <summary>How `git ml model` shows registry records to people (scripts use --json).</summary>
internal static class ModelPrinter
{
    public static string Summary(ModelRecord m)
    {
        string stages = string.Join(", ", m.Stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: v{s.Value}"));
        string aliases = string.Join(", ", m.Aliases.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"@{s.Key}: v{s.Value}"));
        string latest = m.Latest is { } l ? $"latest v{l.Number}" : "no live version";
        return $"{m.Name}\t{latest}\t{(stages.Length == 0 ? "no stage" : stages)}{(aliases.Length == 0 ? "" : "\t" + aliases)}";
    }

    public static void Model(TextWriter o, ModelRecord m)
    {
        o.WriteLine(Summary(m));
        foreach (var (stage, version) in m.Previous.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"  {stage} rollback target: v{version}");
        }
        foreach (var v in m.Versions)
        {
            string aliases = string.Join(" ", m.AliasesOf(v.Number).Select(a => "@" + a));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  v{v.Number}\t{m.StateOf(v),-10}\t{v.Oid[..10]}\t{v.Size}\t{ModelFile.FormatTime(v.Time)}\t{v.Path}{(v.Semver is null ? "" : $"\tv{v.Semver}")}{(aliases.Length == 0 ? "" : "\t" + aliases)}"));
        }
    }

    public static void Version(TextWriter o, ModelRecord m, ModelVersion v)
    {
        o.WriteLine($"uri:      models:/{m.Name}/{v.Number}");
        o.WriteLine($"state:    {m.StateOf(v)}{string.Concat(m.AliasesOf(v.Number).Select(a => " @" + a))}{string.Concat(m.RollbackTargetOf(v.Number).Select(s => $" ({s} rollback target)"))}");
        o.WriteLine($"oid:      sha256:{v.Oid} ({v.Kind})");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"size:     {v.Size}"));
        o.WriteLine($"path:     {v.Path}");
        o.WriteLine($"commit:   {v.Commit ?? "(none)"}");
        o.WriteLine($"run:      {v.RunId ?? "(none)"}");
        if (v.Semver is not null)
        {
            o.WriteLine($"semver:   {v.Semver} (tag {ModelRegistry.TagName(m.Name, v.Semver)})");
        }
        o.WriteLine($"by:       {v.User} at {ModelFile.FormatTime(v.Time)}");
        if (v.Message.Length > 0)
        {
            o.WriteLine($"message:  {v.Message}");
        }
        foreach (var (key, value) in v.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"param     {key} = {value}");
        }
        foreach (var (key, value) in v.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"metric    {key} = {value.ToString("R", CultureInfo.InvariantCulture)}");
        }
        foreach (var d in v.Data)
        {
            o.WriteLine($"data      {d.Path} sha256:{d.Oid}");
        }
    }

    public static void Resolved(TextWriter o, ResolvedModel r)
    {
        o.WriteLine($"{r.Uri} -> {r.Model.Name} version {r.Version.Number} ({r.Model.StateOf(r.Version)})");
        o.WriteLine($"oid:    sha256:{r.Version.Oid}");
        o.WriteLine($"commit: {r.Version.Commit ?? "(none)"}");
        o.WriteLine($"run:    {r.Version.RunId ?? "(none)"}");
    }

    public static string Event(ModelEvent e) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{ModelFile.FormatTime(e.Time)}  {e.User}  {e.Action} v{e.Version}: {(e.From.Length == 0 ? "" : e.From + " -> ")}{e.To}{(e.Detail.Length == 0 ? "" : $" ({e.Detail})")}{(e.Message.Length == 0 ? "" : $"  \"{e.Message}\"")}");
}
