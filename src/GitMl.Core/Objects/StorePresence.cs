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
    /// <summary>From this many questions on, a second core takes half of them: each is a path walk in the kernel (three
    /// names, one of 64 characters), and a commit of a 5,000-file data set waits for all of them.</summary>
    private const int SplitFrom = 1024;

    /// <summary>For each of <paramref name="oids"/>, whether the store has it.</summary>
    public static bool[] Of(ObjectStore store, IReadOnlyList<ObjectId> oids) => Of(store, oids, oid => oid);

    /// <summary>
    /// For each of <paramref name="items"/>, whether the store has the object <paramref name="oidOf"/> names for it: for a
    /// caller that holds the ids elsewhere (status: in the index's pointers), so no list of 10,000 ids is made for this.
    /// </summary>
    public static bool[] Of<T>(ObjectStore store, IReadOnlyList<T> items, Func<T, ObjectId> oidOf)
    {
        var present = new bool[items.Count];
        IO.TwoCores.For(items.Count, SplitFrom, (start, end) => Ask(store, items, oidOf, start, end, present));
        return present;
    }

    /// <summary>Answers the questions from <paramref name="start"/> up to <paramref name="end"/> into <paramref name="present"/>.</summary>
    private static void Ask<T>(ObjectStore store, IReadOnlyList<T> items, Func<T, ObjectId> oidOf, int start, int end, bool[] present)
    {
        using var folder = OpenFolder.Open(store.ObjectsDirectory);
        if (folder is null)
        {
            // Not Linux, no store yet, or the folder cannot be opened: ask the ordinary way.
            for (int i = start; i < end; i++)
            {
                present[i] = store.Contains(oidOf(items[i]));
            }
            return;
        }
        // "ab/cd/<64 hex>" and a NUL: the layout of ObjectStore.PathOf, relative to its objects folder, written as the
        // bytes statx takes straight from the id, with no string per object.
        Span<byte> relative = stackalloc byte[6 + ObjectId.HexLength + 1];
        relative[2] = (byte)'/';
        relative[5] = (byte)'/';
        relative[^1] = 0;
        for (int i = start; i < end; i++)
        {
            oidOf(items[i]).WriteHex(relative.Slice(6, ObjectId.HexLength));
            relative[0] = relative[6];
            relative[1] = relative[7];
            relative[3] = relative[8];
            relative[4] = relative[9];
            present[i] = folder.HasFileUtf8(relative);
        }
    }
}
