namespace GitMl.Core.Hooks;

/// <summary>The hooks git-ml installs, and how it recognises and chains them.</summary>
public static class HookNames
{
    public const string PreCommit = "pre-commit";
    public const string PostCheckout = "post-checkout";
    public const string PostMerge = "post-merge";
    public const string PrePush = "pre-push";

    public static readonly IReadOnlyList<string> All = [PreCommit, PostCheckout, PostMerge, PrePush];

    /// <summary>A line every git-ml shim contains; a hook without it belongs to someone else.</summary>
    public const string ShimMarker = "# git-ml hook shim";

    /// <summary>
    /// A hook that was there before git-ml is kept under this suffix (git never runs a hook with a dot in its
    /// name) and run by git-ml's hook after its own work; uninstall puts it back.
    /// </summary>
    public const string ChainedSuffix = ".git-ml-chained";

    public static bool IsShim(string content) => content.Contains(ShimMarker, StringComparison.Ordinal);
}
