using GitMl.Core.Pipelines;

namespace GitMl.Core.Metrics;

/// <summary>
/// Which metrics or params files to read, and their values at each revision. Files are those named with
/// <c>--targets</c>, else the union of what the pipeline declares at every revision compared (so a metrics file
/// added or dropped between them still shows), as DVC reads dvc.yaml at each revision. For params, params.yaml is
/// included whenever it exists, as DVC does.
/// </summary>
public static class ValueSources
{
    /// <summary>The values at each revision, in the order given.</summary>
    /// <param name="targets">Files named by the user (relative to the top of the working tree); empty for the declared ones.</param>
    /// <param name="depsOnly">Params only: just the keys stages depend on (whole files where a stage takes a whole file).</param>
    /// <exception cref="ArgumentException">No files to read: the message says how to declare them.</exception>
    /// <exception cref="PipelineFormatException">The pipeline at some revision is not valid.</exception>
    public static IReadOnlyList<RevisionValues> Collect(IReadOnlyList<RevisionFiles> revisions, ValueKind kind, IReadOnlyList<string> targets, bool depsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        ArgumentNullException.ThrowIfNull(targets);
        var files = targets.Count > 0
            ? targets.Select(t => new ParamDependency(PipelinePaths.Normalize(t), [])).ToList()
            : Declared(revisions.Select(DeclaredFiles.At).ToList(), kind, depsOnly);
        var values = revisions.Select(r => ValueFiles.Read(r, files, kind)).ToList();
        if (values.All(v => v.Files.Count == 0 && v.Problems.Count == 0))
        {
            throw new ArgumentException(NothingFound(files, kind, revisions));
        }
        return values;
    }

    private static string NothingFound(IReadOnlyList<ParamDependency> files, ValueKind kind, IReadOnlyList<RevisionFiles> revisions)
    {
        string where = string.Join(" or ", revisions.Select(r => r.Label).Distinct(StringComparer.Ordinal));
        if (kind == ValueKind.Metrics)
        {
            return files.Count == 0
                ? "no metrics files to read: declare them in ml.yaml, as a stage's `metrics:` outputs or in a top-level `metrics:` list of files, or name files with --targets"
                : $"the metrics files ({string.Join(", ", files.Select(f => f.File))}) are not there at {where}: run `git ml repro` to produce them, or name other files with --targets";
        }
        return files.Count == 0 || (files.Count == 1 && files[0].File == ParamDependency.DefaultFile)
            ? $"no params files to read: there is no params.yaml at {where} and the pipeline names no params; create params.yaml, list params in a stage's `params:`, or name files with --targets"
            : $"the params files ({string.Join(", ", files.Select(f => f.File))}) are not there at {where}: create them, or name other files with --targets";
    }

    /// <summary>The files the pipelines at all revisions declare (pure): metrics whole; params with their keys when <paramref name="depsOnly"/>, else whole, plus params.yaml.</summary>
    public static IReadOnlyList<ParamDependency> Declared(IReadOnlyList<DeclaredFiles> declared, ValueKind kind, bool depsOnly)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (kind == ValueKind.Metrics)
        {
            return declared.SelectMany(d => d.Metrics).Distinct(StringComparer.Ordinal).Select(m => new ParamDependency(m, [])).ToList();
        }
        var parameters = declared.SelectMany(d => d.Params).ToList();
        if (depsOnly)
        {
            // A whole file anywhere wins over keys; otherwise the union of keys, in the order first named.
            return parameters.GroupBy(p => p.File, StringComparer.Ordinal)
                .Select(g => new ParamDependency(g.Key, g.Any(p => p.WholeFile) ? [] : g.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal).ToList()))
                .ToList();
        }
        return parameters.Select(p => p.File).Append(ParamDependency.DefaultFile).Distinct(StringComparer.Ordinal)
            .Select(f => new ParamDependency(f, [])).ToList();
    }
}
