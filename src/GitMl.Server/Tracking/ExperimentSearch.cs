using GitMl.Core.Runs.Search;
using GitMl.Server.Http;

namespace GitMl.Server.Tracking;

/// <summary>
/// search-experiments: MLflow's filter on experiments (<c>name LIKE 'churn%' AND tags.team = 'a'</c>) read by the run
/// search's own parser, with an experiment standing in as the searched "run" (its name is the name attribute, its
/// tags the tags); order_by on name, experiment_id, creation_time and last_update_time.
/// </summary>
public static class ExperimentSearch
{
    public static IReadOnlyList<Experiment> Apply(IEnumerable<Experiment> experiments, string? viewType, string? filter, IReadOnlyList<string> orderBy)
    {
        bool? deleted = ViewTypes.Deleted(viewType);
        var parsed = RunFilter.Parse(filter);
        var selected = experiments.Where(e => deleted is null || e.Deleted == deleted).Where(e => parsed.Matches(new Searchable(e))).ToList();
        IOrderedEnumerable<Experiment>? sorted = null;
        foreach (string clause in orderBy)
        {
            string[] parts = clause.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && !descending && !parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
            {
                throw MlflowException.InvalidParameter($"Invalid order_by clause '{clause}': use a field and ASC or DESC");
            }
            Func<Experiment, IComparable> key = parts[0].Replace("attributes.", "", StringComparison.Ordinal) switch
            {
                "name" => e => e.Name,
                "experiment_id" => e => e.Id.PadLeft(32, '0'),
                "creation_time" => e => e.CreationTime,
                "last_update_time" => e => e.LastUpdateTime,
                _ => throw MlflowException.InvalidParameter($"Invalid order_by clause '{clause}': order experiments by name, experiment_id, creation_time or last_update_time"),
            };
            sorted = sorted is null
                ? descending ? selected.OrderByDescending(key) : selected.OrderBy(key)
                : descending ? sorted.ThenByDescending(key) : sorted.ThenBy(key);
        }
        sorted ??= selected.OrderByDescending(e => e.CreationTime);
        return sorted.ThenBy(e => e.Id.PadLeft(32, '0'), StringComparer.Ordinal).ToList();
    }

    private sealed class Searchable(Experiment experiment) : ISearchableRun
    {
        public string RunId => experiment.Id;

        public double? Metric(string name) => null;

        public string? Param(string name) => null;

        public string? Tag(string name) => experiment.Tags.TryGetValue(name, out var value) ? value : null;

        public SearchValue? Attribute(string name) => name switch
        {
            RunAttributes.RunName => SearchValue.FromText(experiment.Name),
            _ => null,
        };
    }
}

/// <summary>MLflow's ViewType: ACTIVE_ONLY (1, the default), DELETED_ONLY (2), ALL (3), by name or number.</summary>
public static class ViewTypes
{
    /// <summary>Whether to show deleted (true), active (false) or both (null).</summary>
    public static bool? Deleted(string? viewType) => viewType switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => false,
        "DELETED_ONLY" or "2" => true,
        "ALL" or "3" => null,
        _ => throw MlflowException.InvalidParameter($"Invalid view_type '{viewType}': use ACTIVE_ONLY, DELETED_ONLY or ALL"),
    };
}
