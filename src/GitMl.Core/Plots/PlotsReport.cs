using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core.Metrics;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Plots;

/// <summary>One line (or set of points) of a plot: a y field of a file at a revision, against x.</summary>
public sealed record PlotSeries(string Revision, string File, string Field, IReadOnlyList<JsonNode?> X, IReadOnlyList<JsonNode?> Y);

/// <summary>An image plot's file at a revision, as bytes (at most <see cref="PlotsReport.MaxImageBytes"/>).</summary>
public sealed record PlotImage(string Revision, string File, byte[] Bytes);

/// <summary>A plot with its data at every revision asked, and what could not be read (each a sentence).</summary>
public sealed record PlotData(PlotDefinition Definition, string XField, IReadOnlyList<PlotSeries> Series, IReadOnlyList<PlotImage> Images, IReadOnlyList<string> Problems);

/// <summary>
/// `git ml plots show|diff`: the plots the pipeline declares (<see cref="PlotDefinition"/>), with their data read at
/// each revision (the working tree or commits, content git-ml stores read from the local store). A missing or
/// unreadable file is a problem of that plot, not a failure of the whole report.
/// </summary>
public static class PlotsReport
{
    public const int MaxImageBytes = 8 * 1024 * 1024;

    /// <param name="targets">Plot ids or data files to show; all when empty.</param>
    /// <exception cref="ArgumentException">No pipeline declares plots at these revisions, or a target is not one of them.</exception>
    /// <exception cref="PipelineFormatException">A pipeline file's plots are not of DVC's shape.</exception>
    public static List<PlotData> Collect(IReadOnlyList<RevisionFiles> revisions, IReadOnlyList<string> targets)
    {
        var definitions = new Dictionary<string, PlotDefinition>(StringComparer.Ordinal);
        foreach (var revision in revisions)
        {
            foreach (var definition in DefinitionsAt(revision))
            {
                definitions[definition.Id] = definition;
            }
        }
        if (definitions.Count == 0)
        {
            throw new ArgumentException("no plots are declared: list them under `plots:` in ml.yaml or dvc.yaml (DVC's plots schema), e.g.\n  plots:\n    - train_loss.csv:\n        x: step\n        y: loss");
        }
        var chosen = definitions.Values.ToList();
        if (targets.Count > 0)
        {
            var normalized = targets.Select(PipelinePaths.Normalize).ToList();
            if (normalized.FirstOrDefault(t => chosen.All(d => d.Id != t && d.Y.All(y => y.File != t))) is { } unknown)
            {
                throw new ArgumentException($"no plot is declared as '{unknown}' (plots: {string.Join(", ", chosen.Select(d => d.Id))})");
            }
            chosen = chosen.Where(d => normalized.Contains(d.Id) || d.Y.Any(y => normalized.Contains(y.File))).ToList();
        }
        return chosen.Select(d => Collect(d, revisions)).ToList();
    }

    private static IReadOnlyList<PlotDefinition> DefinitionsAt(RevisionFiles revision)
    {
        foreach (string name in (string[])[PipelineFiles.MlYaml, PipelineFiles.DvcYaml])
        {
            if (revision.Read(name) is { } bytes)
            {
                return PlotDefinition.Read(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), name);
            }
        }
        return [];
    }

    private static PlotData Collect(PlotDefinition definition, IReadOnlyList<RevisionFiles> revisions)
    {
        var series = new List<PlotSeries>();
        var images = new List<PlotImage>();
        var problems = new List<string>();
        string xField = definition.X?.Field ?? (definition.IsConfusion ? "actual" : "step");
        foreach (var revision in revisions)
        {
            if (definition.IsImage)
            {
                if (Read(revision, definition.Id, problems) is { } image)
                {
                    if (image.Length > MaxImageBytes)
                    {
                        problems.Add($"{definition.Id} at {revision.Label} is larger than {MaxImageBytes / (1024 * 1024)} MiB: not embedded");
                    }
                    else
                    {
                        images.Add(new PlotImage(revision.Label, definition.Id, image));
                    }
                }
                continue;
            }
            foreach (var source in definition.Y)
            {
                if (Table(revision, source.File, problems) is not { } table)
                {
                    continue;
                }
                string? yField = source.Field ?? table.Fields.LastOrDefault(f => f != xField);
                if (yField is null || !table.Fields.Contains(yField))
                {
                    problems.Add($"{source.File} at {revision.Label} has no field '{yField ?? "(none)"}' (fields: {string.Join(", ", table.Fields)})");
                    continue;
                }
                var xTable = definition.X is { File.Length: > 0 } x && x.File != source.File ? Table(revision, x.File, problems) : table;
                if (xTable is null)
                {
                    continue;
                }
                bool byIndex = definition.X is null && !xTable.Fields.Contains(xField);
                if (!byIndex && !xTable.Fields.Contains(xField))
                {
                    problems.Add($"{definition.X?.File ?? source.File} at {revision.Label} has no field '{xField}' (fields: {string.Join(", ", xTable.Fields)})");
                    continue;
                }
                int count = Math.Min(table.Rows.Count, xTable.Rows.Count);
                var xs = Enumerable.Range(0, count).Select(i => byIndex ? JsonValue.Create(i) : xTable.Rows[i].GetValueOrDefault(xField)?.DeepClone()).ToList();
                var ys = Enumerable.Range(0, count).Select(i => table.Rows[i].GetValueOrDefault(yField)?.DeepClone()).ToList();
                series.Add(new PlotSeries(revision.Label, source.File, yField, xs, ys));
                if (table.Truncated)
                {
                    problems.Add($"{source.File} at {revision.Label} has more than {PlotTable.MaxRows} rows: the first {PlotTable.MaxRows} are shown");
                }
            }
        }
        return new PlotData(definition, xField, series, images, problems.Distinct(StringComparer.Ordinal).ToList());
    }

    private static PlotTable? Table(RevisionFiles revision, string file, List<string> problems)
    {
        if (Read(revision, file, problems) is not { } bytes)
        {
            return null;
        }
        try
        {
            return PlotTable.Parse(bytes, file);
        }
        catch (Exception e) when (e is PipelineFormatException or Drift.CsvFormatException)
        {
            problems.Add($"{file} at {revision.Label}: {e.Message}");
            return null;
        }
    }

    private static byte[]? Read(RevisionFiles revision, string file, List<string> problems)
    {
        try
        {
            if (revision.Read(file) is { } bytes)
            {
                return bytes;
            }
            problems.Add($"{file} does not exist at {revision.Label}");
        }
        catch (Exception e) when (e is ObjectMissingException or IOException or UnauthorizedAccessException or OutsideRootException)
        {
            problems.Add($"{file} at {revision.Label} cannot be read: {UserMessage.Of(e)}");
        }
        return null;
    }
}
