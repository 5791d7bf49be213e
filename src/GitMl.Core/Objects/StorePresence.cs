using GitMl.Storage.IO;

namespace GitMl.Core.Objects;

/// <summary>
/// Whether the local store has each of many objects, as <see cref="ObjectStore.Contains"/> answers for one: a stat of
/// each object's file, asked relative to the open objects folder (<see cref="OpenFolder"/>), so 10,000 questions
/// (a `git ml status` over 10,000 tracked files) cost 10,000 short lookups and no string each. Nothing is remembered
/// between runs: an object deleted from the store is missing at the next question.
/// </summary>
public static class StorePresence
{
    /// <summary>For each of <paramref name="oids"/>, whether the store has it.</summary>
    public static bool[] Of(ObjectStore store, IReadOnlyList<ObjectId> oids) => Of(store, oids, oid => oid);

    /// <summary>
    /// For each of <paramref name="items"/>, whether the store has the object <paramref name="oidOf"/> names for it: for a
    /// caller that holds the ids elsewhere (status: in the index's pointers), so no list of 10,000 ids is made for this.
    /// </summary>
    public static bool[] Of<T>(ObjectStore store, IReadOnlyList<T> items, Func<T, ObjectId> oidOf)
    {
        var present = new bool[items.Count];
        using var folder = OpenFolder.Open(store.ObjectsDirectory);
        if (folder is null)
        {
            // Not Linux, no store yet, or the folder cannot be opened: ask the ordinary way.
            for (int i = 0; i < present.Length; i++)
            {
                present[i] = store.Contains(oidOf(items[i]));
            }
            return present;
        }
        // "ab/cd/<64 hex>" and a NUL: the layout of ObjectStore.PathOf, relative to its objects folder, written as the
        // bytes statx takes straight from the id, with no string per object.
        Span<byte> relative = stackalloc byte[6 + ObjectId.HexLength + 1];
        relative[2] = (byte)'/';
        relative[5] = (byte)'/';
        relative[^1] = 0;
        for (int i = 0; i < present.Length; i++)
        {
            oidOf(items[i]).WriteHex(relative.Slice(6, ObjectId.HexLength));
            relative[0] = relative[6];
            relative[1] = relative[7];
            relative[3] = relative[8];
            relative[4] = relative[9];
            present[i] = folder.HasFileUtf8(relative);
        }
        return present;
    }
}
