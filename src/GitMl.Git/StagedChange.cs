namespace GitMl.Git;

/// <summary>A path whose staged content differs from HEAD (added, modified or with a changed type).</summary>
public sealed record StagedChange(char Status, string NewMode, string NewOid, string Path)
{
    /// <summary>What `git commit` would add or change, compared with HEAD (or the empty tree before the first commit).</summary>
    public static List<StagedChange> ReadAll(GitCli git)
    {
        var result = git.Check(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--diff-filter=AMT"]);
        string[] fields = result.NulSeparated();
        var changes = new List<StagedChange>();
        // Records come in pairs: ":<old mode> <new mode> <old oid> <new oid> <status>" then the path.
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            string[] meta = fields[i].TrimStart(':').Split(' ');
            changes.Add(new StagedChange(meta[4][0], meta[1], meta[3], fields[i + 1]));
        }
        return changes;
    }
}
