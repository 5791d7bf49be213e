namespace GitMl.Core.Registry;

/// <summary>
/// Three-way merge of one model's record (base, ours = the local registry, theirs = the fetched one): pure, no git.
/// <list type="bullet">
/// <item>A side that did not change the model yields the other side.</item>
/// <item>Versions are united by number. The same number on both sides must carry the same content (oid, path,
/// commit, run, ...); otherwise both clones registered different content as the same version: a conflict (numbers
/// are never renumbered, because a number may already be in use in a tag, a script or a deployed URI). A version
/// deleted or archived on either side is so in the result.</item>
/// <item>Each stage, rollback slot and alias merges on its own: changed on one side only, that change wins;
/// changed to different versions on both sides, a conflict naming the model, the slot and both versions.</item>
/// <item>Events are united, interleaved by time, each side's own order kept, so history shows both sides' changes
/// and each side's trail is still in the result as it was (<see cref="RegistryHistory"/> checks exactly that).</item>
/// <item>The result must still keep the rules: no deleted or archived version in a stage, no version in two
/// stages, no deleted version behind an alias or rollback slot; anything else is a conflict.</item>
/// </list>
/// <see cref="MergePreference.Ours"/> or <see cref="MergePreference.Theirs"/> settles each conflicting slot or
/// version with that side's value instead of reporting it.
/// </summary>
public static class ModelMerger
{
    public static ModelMergeResult Merge(ModelRecord? baseRecord, ModelRecord? ours, ModelRecord? theirs, string remoteName, MergePreference preference = MergePreference.None)
    {
        if (ours is null || theirs is null)
        {
            return new ModelMergeResult(ours ?? theirs, []);
        }
        if (Same(ours, theirs) || (baseRecord is not null && Same(baseRecord, theirs)))
        {
            return new ModelMergeResult(ours, []);
        }
        if (baseRecord is not null && Same(baseRecord, ours))
        {
            return new ModelMergeResult(theirs, []);
        }
        var b = baseRecord ?? ModelRecord.Empty(ours.Name);
        var conflicts = new List<string>();
        string name = ours.Name;

        var versions = MergeVersions(b, ours, theirs, name, remoteName, preference, conflicts);
        var stages = MergeSlots(b.Stages, ours.Stages, theirs.Stages, preference, (slot, o, t) => $"{name}: {slot} was changed on both sides: here {Describe(o)}, on {remoteName} {Describe(t)}");
        var previous = MergeSlots(b.Previous, ours.Previous, theirs.Previous, preference, (slot, o, t) => $"{name}: the {slot} rollback target was changed on both sides: here {Describe(o)}, on {remoteName} {Describe(t)}");
        var aliases = MergeSlots(b.Aliases, ours.Aliases, theirs.Aliases, preference, (slot, o, t) => $"{name}: @{slot} was changed on both sides: here {Describe(o)}, on {remoteName} {Describe(t)}");
        // A rollback-slot conflict follows from a stage conflict; report the stage once.
        conflicts.AddRange(stages.Conflicts);
        conflicts.AddRange(previous.Conflicts.Where((_, i) => !stages.ConflictSlots.Contains(previous.ConflictSlots[i])));
        conflicts.AddRange(aliases.Conflicts);

        var merged = new ModelRecord(name, Math.Max(ours.LastVersion, theirs.LastVersion), stages.Merged, previous.Merged, aliases.Merged,
            versions, MergeEvents(ours.Events, theirs.Events));
        if (conflicts.Count == 0)
        {
            conflicts.AddRange(Invariants(merged, remoteName));
        }
        return conflicts.Count == 0 ? new ModelMergeResult(merged, []) : new ModelMergeResult(null, conflicts);
    }

    private static List<ModelVersion> MergeVersions(ModelRecord b, ModelRecord ours, ModelRecord theirs, string name, string remoteName, MergePreference preference, List<string> conflicts)
    {
        var result = new List<ModelVersion>();
        foreach (int number in ours.Versions.Select(v => v.Number).Union(theirs.Versions.Select(v => v.Number)).Order())
        {
            var o = ours.Find(number);
            var t = theirs.Find(number);
            if (o is null || t is null)
            {
                result.Add((o ?? t)!);
                continue;
            }
            if (!SameContent(o, t))
            {
                if (preference == MergePreference.None)
                {
                    conflicts.Add($"{name}: version {number} was registered on both sides with different content: here {o.Oid[..10]} ({RegistryText.Quote(o.Path)}), on {remoteName} {t.Oid[..10]} ({RegistryText.Quote(t.Path)}); version numbers are never reused, so one of them must go: keep the remote's (prefer theirs) and register yours again to get a new number");
                }
                result.Add(preference == MergePreference.Theirs ? t : o);
                continue;
            }
            var bv = b.Find(number);
            // Archived: the side that changed it wins (both changed: the later time); deleted: once deleted, deleted.
            var archived = bv is not null && o.Archived == bv.Archived ? t.Archived : bv is not null && t.Archived == bv.Archived ? o.Archived : Later(o.Archived, t.Archived);
            var deleted = o.Deleted is null ? t.Deleted : t.Deleted is null ? o.Deleted : Earlier(o.Deleted, t.Deleted);
            result.Add(o with { Archived = archived, Deleted = deleted });
        }
        return result;
    }

    /// <summary>
    /// Both trails in one: <paramref name="theirs"/> walked in order, each event of theirs alone placed after our
    /// events that are not later and not still ahead in theirs, each shared event where ours has it. When both trails
    /// are in time order (as appending keeps them) the result is too; in every case each trail is a subsequence of it.
    /// </summary>
    private static List<ModelEvent> MergeEvents(IReadOnlyList<ModelEvent> ours, IReadOnlyList<ModelEvent> theirs)
    {
        var inOurs = ours.ToHashSet();
        var inTheirs = theirs.ToHashSet();
        var result = new List<ModelEvent>(ours.Count + theirs.Count);
        int next = 0;
        foreach (var e in theirs)
        {
            if (inOurs.Contains(e))
            {
                for (int at = IndexOf(ours, e, next); at >= 0 && next <= at; next++)
                {
                    result.Add(ours[next]);
                }
                continue;
            }
            while (next < ours.Count && !inTheirs.Contains(ours[next]) && ours[next].Time <= e.Time)
            {
                result.Add(ours[next++]);
            }
            result.Add(e);
        }
        for (; next < ours.Count; next++)
        {
            result.Add(ours[next]);
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<ModelEvent> events, ModelEvent e, int from)
    {
        for (int i = from; i < events.Count; i++)
        {
            if (events[i] == e)
            {
                return i;
            }
        }
        return -1;
    }

    private sealed record SlotMerge(Dictionary<string, int> Merged, List<string> Conflicts, List<string> ConflictSlots);

    private static SlotMerge MergeSlots(IReadOnlyDictionary<string, int> b, IReadOnlyDictionary<string, int> o, IReadOnlyDictionary<string, int> t, MergePreference preference, Func<string, int?, int?, string> describe)
    {
        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        var slots = new List<string>();
        foreach (string key in b.Keys.Union(o.Keys).Union(t.Keys).Order(StringComparer.Ordinal))
        {
            int? bv = Get(b, key), ov = Get(o, key), tv = Get(t, key);
            int? value;
            if (ov == tv || tv == bv)
            {
                value = ov;
            }
            else if (ov == bv)
            {
                value = tv;
            }
            else
            {
                if (preference == MergePreference.None)
                {
                    conflicts.Add(describe(key, ov, tv));
                    slots.Add(key);
                }
                value = preference == MergePreference.Theirs ? tv : ov;
            }
            if (value is int v)
            {
                merged[key] = v;
            }
        }
        return new SlotMerge(merged, conflicts, slots);
    }

    private static IEnumerable<string> Invariants(ModelRecord m, string remoteName)
    {
        foreach (var (stage, number) in m.Stages)
        {
            var v = m.Find(number);
            if (v is null || v.IsDeleted)
            {
                yield return $"{m.Name}: {stage} would hold version {number}, which is deleted on one side (here or on {remoteName})";
            }
            else if (v.IsArchived)
            {
                yield return $"{m.Name}: version {number} was put in {stage} on one side and archived on the other (here or on {remoteName})";
            }
        }
        foreach (var group in m.Stages.GroupBy(s => s.Value).Where(g => g.Count() > 1))
        {
            yield return $"{m.Name}: version {group.Key} would be in {string.Join(" and ", group.Select(g => g.Key).Order(StringComparer.Ordinal))} at once (promoted differently here and on {remoteName})";
        }
        foreach (var (slot, number) in m.Aliases.Select(a => ("@" + a.Key, a.Value)).Concat(m.Previous.Select(p => ($"the {p.Key} rollback target", p.Value))))
        {
            if (m.Find(number) is not { IsDeleted: false })
            {
                yield return $"{m.Name}: {slot} would point at version {number}, which is deleted on one side (here or on {remoteName})";
            }
        }
    }

    private static string Describe(int? version) => version is int v ? $"version {v}" : "no version";

    private static int? Get(IReadOnlyDictionary<string, int> map, string key) => map.TryGetValue(key, out int v) ? v : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a < b ? a : b;

    private static bool Same(ModelRecord a, ModelRecord b) => ModelFile.Encode(a).AsSpan().SequenceEqual(ModelFile.Encode(b));

    /// <summary>Everything fixed at registration is equal (compared through the canonical encoding).</summary>
    private static bool SameContent(ModelVersion a, ModelVersion b) => Same(Single(a with { Archived = null, Deleted = null }), Single(b with { Archived = null, Deleted = null }));

    private static ModelRecord Single(ModelVersion v) => ModelRecord.Empty("v") with { Versions = [v] };
}
