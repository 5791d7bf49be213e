using GitMl.Core.Objects;
using GitMl.Core.Settings;
using GitMl.Git;

namespace GitMl.Core;

/// <summary>
/// A Git repository as git-ml sees it: where it is, how to run git in it, its object store and its settings.
/// Config is read once, on first use, so commands that do not need it (most hooks' fast paths) never pay for it.
/// </summary>
public sealed class MlRepository
{
    private GitConfig? _config;
    private MlSettings? _settings;

    public MlRepository(RepositoryLayout layout)
    {
        Layout = layout;
        Git = new GitCli(layout.WorkTree ?? layout.GitDirectory);
        Store = new ObjectStore(StoreRoot(layout));
    }

    public RepositoryLayout Layout { get; }

    public GitCli Git { get; }

    public ObjectStore Store { get; }

    /// <summary>The effective config: git config files over the committed .mlconfig.</summary>
    public GitConfig Config => _config ??= ReadConfig();

    public MlSettings Settings => _settings ??= MlSettings.From(Config, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Who is acting, for runs, registry changes and approvals: "Name &lt;email&gt;" as git would sign a commit
    /// (GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, then user.name/user.email), the login name when git knows no one.
    /// </summary>
    public string CurrentUser()
    {
        string? name = Environment.GetEnvironmentVariable("GIT_AUTHOR_NAME") is { Length: > 0 } n ? n : Config.Get("user.name");
        string? email = Environment.GetEnvironmentVariable("GIT_AUTHOR_EMAIL") is { Length: > 0 } e ? e : Config.Get("user.email");
        string who = name ?? Environment.UserName;
        return email is null ? who : $"{who} <{email}>";
    }

    /// <summary>The working tree, or an error for commands that need one.</summary>
    public string WorkTree => Layout.WorkTree ?? throw new InvalidOperationException("this command needs a working tree; the repository is bare");

    /// <summary>git-ml's folder in the common directory: the store lives here, shared by all worktrees.</summary>
    public static string StoreRoot(RepositoryLayout layout) => Path.Combine(layout.CommonDirectory, "ml");

    public static MlRepository Open(string directory) => new(RepositoryLayout.Require(directory));

    public static MlRepository? TryOpen(string directory) =>
        RepositoryLayout.Discover(directory) is { } layout ? new MlRepository(layout) : null;

    private GitConfig ReadConfig()
    {
        var committed = Layout.WorkTree is { } top
            ? GitConfig.ReadFile(Git, Path.Combine(top, SettingKeys.CommittedFile))
            : GitConfig.Empty;
        return committed.OverriddenBy(GitConfig.Read(Git));
    }
}
