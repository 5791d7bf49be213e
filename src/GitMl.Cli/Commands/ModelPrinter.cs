using System.Globalization;
using GitMl.Core.IO;
using GitMl.Core.Registry;

namespace GitMl.Cli.Commands;

/// <summary>
/// How `git ml model` shows registry records to people (scripts use --json). Names, paths, users, messages, params
/// and stage and alias names come from the registry someone else may have pushed: each is shown on its one line
/// (<see cref="T"/>), its control characters, tabs and newlines escaped.
/// </summary>
internal static class ModelPrinter
{
    /// <summary>Registry text for one line: <see cref="TerminalText.Escape"/>.</summary>
    private static string T(string? text) => TerminalText.Escape(text);

    public static string Summary(ModelRecord m)
    {
        string stages = string.Join(", ", m.Stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{T(s.Key.ToString())}: v{s.Value}"));
        string aliases = string.Join(", ", m.Aliases.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"@{T(s.Key)}: v{s.Value}"));
        string latest = m.Latest is { } l ? $"latest v{l.Number}" : "no live version";
        return $"{T(m.Name)}\t{latest}\t{(stages.Length == 0 ? "no stage" : stages)}{(aliases.Length == 0 ? "" : "\t" + aliases)}";
    }

    public static void Model(TextWriter o, ModelRecord m)
    {
        o.WriteLine(Summary(m));
        foreach (var (stage, version) in m.Previous.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"  {T(stage.ToString())} rollback target: v{version}");
        }
        foreach (var v in m.Versions)
        {
            string aliases = string.Join(" ", m.AliasesOf(v.Number).Select(a => "@" + T(a)));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  v{v.Number}\t{m.StateOf(v),-10}\t{v.Oid[..10]}\t{v.Size}\t{ModelFile.FormatTime(v.Time)}\t{T(v.Path)}{(v.Semver is null ? "" : $"\tv{T(v.Semver)}")}{(aliases.Length == 0 ? "" : "\t" + aliases)}"));
        }
    }

    public static void Version(TextWriter o, ModelRecord m, ModelVersion v)
    {
        o.WriteLine($"uri:      models:/{T(m.Name)}/{v.Number}");
        o.WriteLine($"state:    {m.StateOf(v)}{string.Concat(m.AliasesOf(v.Number).Select(a => " @" + T(a)))}{string.Concat(m.RollbackTargetOf(v.Number).Select(s => $" ({s} rollback target)"))}");
        o.WriteLine($"oid:      sha256:{T(v.Oid)} ({v.Kind})");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"size:     {v.Size}"));
        o.WriteLine($"path:     {T(v.Path)}");
        o.WriteLine($"commit:   {T(v.Commit ?? "(none)")}");
        o.WriteLine($"run:      {T(v.RunId ?? "(none)")}");
        if (v.Semver is not null)
        {
            o.WriteLine($"semver:   {T(v.Semver)} (tag {T(ModelRegistry.TagName(m.Name, v.Semver))})");
        }
        o.WriteLine($"by:       {T(v.User)} at {ModelFile.FormatTime(v.Time)}");
        if (v.Message.Length > 0)
        {
            o.WriteLine($"message:  {T(v.Message)}");
        }
        foreach (var (key, value) in v.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"param     {T(key)} = {T(value)}");
        }
        foreach (var (key, value) in v.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"metric    {T(key)} = {value.ToString("R", CultureInfo.InvariantCulture)}");
        }
        foreach (var d in v.Data)
        {
            o.WriteLine($"data      {T(d.Path)} sha256:{T(d.Oid)}");
        }
    }

    public static void Resolved(TextWriter o, ResolvedModel r)
    {
        o.WriteLine($"{T(r.Uri.ToString())} -> {T(r.Model.Name)} version {r.Version.Number} ({r.Model.StateOf(r.Version)})");
        o.WriteLine($"oid:    sha256:{T(r.Version.Oid)}");
        o.WriteLine($"commit: {T(r.Version.Commit ?? "(none)")}");
        o.WriteLine($"run:    {T(r.Version.RunId ?? "(none)")}");
    }

    public static string Event(ModelEvent e) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{ModelFile.FormatTime(e.Time)}  {T(e.User)}  {T(e.Action.ToString())} v{e.Version}: {(e.From.Length == 0 ? "" : T(e.From) + " -> ")}{T(e.To)}{(e.Detail.Length == 0 ? "" : $" ({T(e.Detail)})")}{(e.Message.Length == 0 ? "" : $"  \"{T(e.Message)}\"")}");
}
