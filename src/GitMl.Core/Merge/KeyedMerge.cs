namespace GitMl.Core.Merge;

/// <summary>How one key of a three-way keyed merge came out.</summary>
public enum KeyedResolution
{
    /// <summary>Both sides hold the same value (or both lack the key): that is the result.</summary>
    Agreed,

    /// <summary>Only our side changed it (added, changed or deleted): ours is the result.</summary>
    Ours,

    /// <summary>Only their side changed it: theirs is the result.</summary>
    Theirs,

    /// <summary>Both sides changed it differently (including deleted on one side, changed on the other).</summary>
    Conflict,
}

/// <summary>One key of a keyed merge: its three versions (null: absent) and the resolution.</summary>
public sealed record KeyedEntry<T>(string Key, T? Base, T? Ours, T? Theirs, KeyedResolution Resolution) where T : class
{
    /// <summary>The merged value (null: the key is absent from the result); null for a conflict too.</summary>
    public T? Merged => Resolution switch
    {
        KeyedResolution.Agreed or KeyedResolution.Ours => Ours,
        KeyedResolution.Theirs => Theirs,
        _ => null,
    };

    public bool IsConflict => Resolution == KeyedResolution.Conflict;
}

/// <summary>
/// The three-way merge of two keyed collections (a lock file's stages, a params file's keys), key by key:
/// unchanged on one side -> the other side's value; changed identically -> that value; added on one side -> added;
/// deleted on one side and unchanged on the other -> deleted; anything else -> a conflict. Pure; values are compared
/// with <paramref name="comparer"/>, so callers compare canonical forms, not the order things were written in.
/// </summary>
public static class KeyedMerge
{
    /// <returns>Every key present in any version, sorted by ordinal order.</returns>
    public static List<KeyedEntry<T>> Merge<T>(
        IReadOnlyDictionary<string, T> @base, IReadOnlyDictionary<string, T> ours, IReadOnlyDictionary<string, T> theirs, IEqualityComparer<T> comparer)
        where T : class
    {
        var keys = new SortedSet<string>(@base.Keys, StringComparer.Ordinal);
        keys.UnionWith(ours.Keys);
        keys.UnionWith(theirs.Keys);
        var entries = new List<KeyedEntry<T>>(keys.Count);
        foreach (string key in keys)
        {
            T? b = @base.GetValueOrDefault(key), o = ours.GetValueOrDefault(key), t = theirs.GetValueOrDefault(key);
            entries.Add(new KeyedEntry<T>(key, b, o, t, Resolve(b, o, t, comparer)));
        }
        return entries;
    }

    private static KeyedResolution Resolve<T>(T? b, T? o, T? t, IEqualityComparer<T> comparer) where T : class
    {
        if (Same(o, t, comparer))
        {
            return KeyedResolution.Agreed;
        }
        if (Same(o, b, comparer))
        {
            return KeyedResolution.Theirs;
        }
        return Same(t, b, comparer) ? KeyedResolution.Ours : KeyedResolution.Conflict;
    }

    private static bool Same<T>(T? x, T? y, IEqualityComparer<T> comparer) where T : class =>
        x is null ? y is null : y is not null && comparer.Equals(x, y);
}
