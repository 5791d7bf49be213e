using System.Globalization;

namespace GitMl.Core.Registry;

/// <summary>
/// The registry's history is append-only: a later registry may add models, versions and events, change stages and
/// aliases, archive, restore from Archived and delete, but never change what a version recorded when it was registered,
/// bring a deleted version back, drop a version or a model, take lastVersion back (numbers would be reused), or drop
/// or reorder audit events. <see cref="Rewrites"/> compares two registries by content, so a forged commit that claims
/// the recorded one as its parent is caught as surely as a force-push. Pure: no git.
/// </summary>
public static class RegistryHistory
{
    /// <summary>What <paramref name="candidate"/> rewrites of <paramref name="recorded"/>, model by model (empty: it only adds).</summary>
    public static IReadOnlyList<RegistryRewrite> Rewrites(IReadOnlyDictionary<string, ModelRecord> recorded, IReadOnlyDictionary<string, ModelRecord> candidate)
    {
        var rewrites = new List<RegistryRewrite>();
        foreach (var (name, old) in recorded.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (candidate.TryGetValue(name, out var now))
            {
                rewrites.AddRange(ModelRewrites(old, now));
            }
            else
            {
                rewrites.Add(new RegistryRewrite(name, null, $"the model was removed, with its {old.Versions.Count} version(s) and {old.Events.Count} audit event(s)"));
            }
        }
        return rewrites;
    }

    private static IEnumerable<RegistryRewrite> ModelRewrites(ModelRecord old, ModelRecord now)
    {
        if (now.LastVersion < old.LastVersion)
        {
            yield return new RegistryRewrite(old.Name, null, $"lastVersion went back from {old.LastVersion} to {now.LastVersion}, so version numbers would be issued twice");
        }
        foreach (var version in old.Versions)
        {
            if (now.Find(version.Number) is not { } same)
            {
                yield return new RegistryRewrite(old.Name, version.Number, "the version was removed");
                continue;
            }
            foreach (var (was, isNow) in Fixed(version).Zip(Fixed(same)).Where(pair => pair.First.Text != pair.Second.Text))
            {
                yield return new RegistryRewrite(old.Name, version.Number, $"{was.Field} changed from {RegistryText.Quote(was.Text)} to {RegistryText.Quote(isNow.Text)}");
            }
            if (version.IsDeleted && !same.IsDeleted)
            {
                yield return new RegistryRewrite(old.Name, version.Number, $"it was deleted ({ModelFile.FormatTime(version.Deleted!.Value)}) and is no longer: a deleted version stays deleted");
            }
        }
        if (MissingEvent(old.Events, now.Events) is int missing)
        {
            string count = now.Events.Count < old.Events.Count ? $"; it holds {now.Events.Count} where {old.Events.Count} were recorded" : "";
            yield return new RegistryRewrite(old.Name, null, $"audit trail: event {missing + 1} of {old.Events.Count} ({Describe(old.Events[missing])}) was removed, changed or moved{count}");
        }
    }

    /// <summary>
    /// The index of the first recorded event that is not in <paramref name="now"/> in the recorded order, or null
    /// when the recorded trail is a subsequence of the new one. Not a prefix: a merge interleaves both clones'
    /// appended events by time, and each side's trail stays a subsequence of the result (<see cref="ModelMerger"/>).
    /// </summary>
    private static int? MissingEvent(IReadOnlyList<ModelEvent> recorded, IReadOnlyList<ModelEvent> now)
    {
        int matched = 0;
        foreach (var e in now)
        {
            if (matched < recorded.Count && e == recorded[matched])
            {
                matched++;
            }
        }
        return matched < recorded.Count ? matched : null;
    }

    /// <summary>Everything a version fixed at registration, as (field, canonical text); <see cref="ModelVersion"/> names the fields.</summary>
    private static IEnumerable<(string Field, string Text)> Fixed(ModelVersion v)
    {
        yield return ("kind", v.Kind);
        yield return ("oid", v.Oid);
        yield return ("size", Number(v.Size));
        yield return ("manifestSize", v.ManifestSize is long m ? Number(m) : "null");
        yield return ("path", v.Path);
        yield return ("commit", v.Commit ?? "null");
        yield return ("run", v.RunId ?? "null");
        yield return ("semver", v.Semver ?? "null");
        yield return ("user", v.User);
        yield return ("time", ModelFile.FormatTime(v.Time));
        yield return ("message", v.Message);
        yield return ("params", string.Join(", ", v.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        yield return ("metrics", string.Join(", ", v.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}")));
        yield return ("data", string.Join(", ", v.Data.OrderBy(d => d.Path, StringComparer.Ordinal).Select(d => $"{d.Path} {d.Oid} {Number(d.Size)}")));
    }

    private static string Describe(ModelEvent e) =>
        $"{ModelFile.FormatTime(e.Time)} {RegistryText.Quote(e.Action, 20)} of version {e.Version.ToString(CultureInfo.InvariantCulture)} by {RegistryText.Quote(e.User, 60)}";

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
