using System.Text.Json.Nodes;
using GitMl.Core;
using GitMl.Core.Metrics;
using GitMl.Core.Pipelines;

namespace GitMl.Server.Ui;

/// <summary>
/// The metrics and the params of two revisions compared, for the Pipeline page (<c>values-diff?a=&amp;b=</c>): what
/// `git ml metrics diff A B --all` and `git ml params diff A B --all` compute (Core's <see cref="ValueSources"/> and
/// <see cref="ValueDiff"/>), each value also as those commands print it (<see cref="ValueText"/>). A side with nothing
/// to compare (no metrics files declared, a revision git does not know) carries the sentence the command would print.
/// </summary>
public static class UiValueDiff
{
    public static JsonObject Diff(MlRepository repo, string a, string b)
    {
        IReadOnlyList<RevisionFiles> revisions;
        try
        {
            revisions = [Revisions.Resolve(repo, a), Revisions.Resolve(repo, b)];
        }
        catch (ArgumentException e)
        {
            return new JsonObject { ["revisions"] = new JsonArray(a, b), ["error"] = e.Message };
        }
        return new JsonObject
        {
            ["revisions"] = new JsonArray(revisions[0].Label, revisions[1].Label),
            ["metrics"] = Side(revisions, ValueKind.Metrics),
            ["params"] = Side(revisions, ValueKind.Params),
        };
    }

    private static JsonObject Side(IReadOnlyList<RevisionFiles> revisions, ValueKind kind)
    {
        IReadOnlyList<RevisionValues> values;
        try
        {
            values = ValueSources.Collect(revisions, kind, []);
        }
        catch (ArgumentException e)
        {
            return new JsonObject { ["error"] = e.Message, ["rows"] = new JsonArray() };
        }
        catch (PipelineFormatException e)
        {
            return new JsonObject { ["error"] = e.Message, ["rows"] = new JsonArray() };
        }
        var rows = new JsonArray();
        foreach (var change in ValueDiff.Compare(values[0], values[1], all: true))
        {
            rows.Add((JsonNode)new JsonObject
            {
                ["path"] = change.Path,
                ["key"] = change.Key,
                ["change"] = change.Kind switch
                {
                    ChangeKind.Added => "added",
                    ChangeKind.Removed => "removed",
                    ChangeKind.Changed => "changed",
                    _ => "unchanged",
                },
                ["old"] = change.Kind == ChangeKind.Added ? null : ValueText.Format(change.Old),
                ["new"] = change.Kind == ChangeKind.Removed ? null : ValueText.Format(change.New),
                ["delta"] = change.Delta is { } delta ? ValueText.Format(delta) : null,
            });
        }
        return new JsonObject
        {
            ["rows"] = rows,
            ["problems"] = new JsonArray([.. values.SelectMany(v => v.Problems).Distinct(StringComparer.Ordinal).Select(p => (JsonNode?)p)]),
        };
    }
}
