namespace GitMl.Git;

/// <summary>Attribute lookups through `git check-attr`, which applies every .gitattributes rule exactly as git does.</summary>
public static class GitAttributes
{
    /// <summary>The value of <paramref name="attribute"/> for each path ("unspecified", "set", "unset" or a value).</summary>
    public static Dictionary<string, string> Read(GitCli git, string attribute, IEnumerable<string> paths, bool fromIndex = false)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[] input = System.Text.Encoding.UTF8.GetBytes(string.Concat(paths.Select(p => p + "\0")));
        if (input.Length == 0)
        {
            return values;
        }
        var args = new List<string> { "check-attr", "-z", "--stdin" };
        if (fromIndex)
        {
            args.Add("--cached");
        }
        args.Add(attribute);
        string[] fields = git.Check(args, input).NulSeparated();
        // Records are triples: path, attribute, value.
        for (int i = 0; i + 2 < fields.Length; i += 3)
        {
            values[fields[i]] = fields[i + 2];
        }
        return values;
    }
}
