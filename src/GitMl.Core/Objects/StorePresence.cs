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
    public static bool[] Of(ObjectStore store, IReadOnlyList<ObjectId> oids)
    {
        var present = new bool[oids.Count];
        IO.TwoCores.For(oids.Count, SplitFrom, (start, end) => Ask(store, oids, start, end, present));
        return present;
    }

    /// <summary>Answers the questions from <paramref name="start"/> up to <paramref name="end"/> into <paramref name="present"/>.</summary>
    private static void Ask(ObjectStore store, IReadOnlyList<ObjectId> oids, int start, int end, bool[] present)
    {
        using var folder = OpenFolder.Open(store.ObjectsDirectory);
        if (folder is null)
        {
            // Not Linux, no store yet, or the folder cannot be opened: ask the ordinary way.
            for (int i = start; i < end; i++)
            {
                present[i] = store.Contains(oids[i]);
            }
            return;
        }
        // "ab/cd/<64 hex>": the layout of ObjectStore.PathOf, relative to its objects folder.
        Span<char> relative = stackalloc char[6 + ObjectId.HexLength];
        for (int i = start; i < end; i++)
        {
            string hex = oids[i].Hex;
            hex.AsSpan(0, 2).CopyTo(relative);
            relative[2] = '/';
            hex.AsSpan(2, 2).CopyTo(relative[3..]);
            relative[5] = '/';
            hex.AsSpan().CopyTo(relative[6..]);
            present[i] = folder.HasFile(relative);
        }
    }
}
