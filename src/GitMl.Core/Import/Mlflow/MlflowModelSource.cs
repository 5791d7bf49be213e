using GitMl.Core.Runs;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// Where a model version's files are, read from its <c>source</c>: a run and a path in the run's artifacts. MLflow
/// writes <c>runs:/RUN_ID/PATH</c>, or the artifact location itself (<c>file:///.../mlruns/1/RUN_ID/artifacts/PATH</c>,
/// <c>mlflow-artifacts:/1/RUN_ID/artifacts/PATH</c>), usually from another machine; so the import looks for the run and
/// the path, never for the location: the files are the run's artifacts in the store being imported, nothing outside.
/// </summary>
internal static class MlflowModelSource
{
    /// <summary>The run and the artifact path (empty for all of them), or why the source cannot be read.</summary>
    public static (string RunId, string Path)? TryParse(string? source, string? versionRunId, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(source))
        {
            problem = "records no source, so its files cannot be found; not imported";
            return null;
        }
        string runId;
        string[] rest;
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            string[] parts = source["runs:/".Length..].Split('/');
            int first = Array.FindIndex(parts, p => p.Length > 0);
            if (first < 0)
            {
                problem = $"has the source '{source}', which names no run; not imported";
                return null;
            }
            runId = parts[first];
            rest = parts[(first + 1)..];
        }
        else if (source.StartsWith("models:/", StringComparison.Ordinal))
        {
            problem = $"has the source '{source}', an MLflow 3 logged model, which this import does not read; not imported";
            return null;
        }
        else
        {
            string[] parts = source.Split('/', '\\');
            int at = -1;
            for (int i = parts.Length - 2; i >= 0; i--)
            {
                if (parts[i + 1] == "artifacts" && RunId.TryParse(parts[i], out _) && (versionRunId is null || parts[i] == versionRunId))
                {
                    at = i;
                    break;
                }
            }
            if (at < 0)
            {
                problem = $"has the source '{source}', which is not in a run's artifacts (RUN_ID/artifacts/PATH or runs:/RUN_ID/PATH); not imported";
                return null;
            }
            runId = parts[at];
            rest = parts[(at + 2)..];
        }
        if (!RunId.TryParse(runId, out _))
        {
            problem = $"has the source '{source}', whose run id '{runId}' is not 32 lowercase hex digits; not imported";
            return null;
        }
        var segments = rest.ToList();
        while (segments.Count > 0 && segments[^1].Length == 0)
        {
            segments.RemoveAt(segments.Count - 1); // "model/" is the folder model
        }
        if (segments.Any(s => s is "" or "." or ".."))
        {
            problem = $"has the source '{source}', whose path is not a plain path inside the run's artifacts; not imported";
            return null;
        }
        return (runId, string.Join('/', segments));
    }
}
