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
    private ConfigSnapshot? _config;
    private readonly object _configGate = new();
    private MlSettings? _settings;
    private readonly Lazy<Tracking.PointerCache> _pointerCache;
    private readonly Caller _caller;
    private readonly TextWriter _diagnostics;
    private readonly Func<string, string?> _environment;

    /// <param name="caller">Who runs git-ml: a bad value in the user's own git config stops a command the user
    /// typed, but never git's filter, hooks or merge drivers (see <see cref="SettingValues"/>).</param>
    /// <param name="diagnostics">Where warnings about settings go (stderr unless a test says otherwise).</param>
    /// <param name="environment">Where GIT_ML_* and the other variables git-ml reads come from (the process environment
    /// unless the caller, such as the CLI's context or a test, says otherwise).</param>
    public MlRepository(RepositoryLayout layout, Caller caller = Caller.User, TextWriter? diagnostics = null, Func<string, string?>? environment = null)
    {
        Layout = layout;
        Git = new GitCli(layout.WorkTree ?? layout.GitDirectory);
        Store = new ObjectStore(StoreRoot(layout));
        _caller = caller;
        _diagnostics = diagnostics ?? Console.Error;
        _environment = environment ?? System.Environment.GetEnvironmentVariable;
        _pointerCache = new(() => Tracking.PointerCache.Load(Tracking.PointerCache.PathIn(this)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RepositoryLayout Layout { get; }

    /// <summary>The environment this repository's settings and users read variables from.</summary>
    public Func<string, string?> Environment => _environment;

    public GitCli Git { get; }

    public ObjectStore Store { get; }

    /// <summary>The effective config: git config files over the committed .mlconfig.</summary>
    public GitConfig Config => Snapshot.Effective;

    /// <summary>The user's own git config files only (system, global, local, worktree, -c), without .mlconfig.</summary>
    public GitConfig UserConfig => Snapshot.User;

    /// <summary>
    /// The config as read once for this command: the committed .mlconfig, and every value of the user's git config with
    /// the file it came from (one `git config --list --show-origin`, which also gives <see cref="UserConfig"/>).
    /// </summary>
    public sealed record ConfigSnapshot(GitConfig Committed, IReadOnlyList<GitConfigEntry> UserEntries, GitConfig User, GitConfig Effective);

    /// <summary>The config snapshot, read on first use.</summary>
    public ConfigSnapshot Snapshot
    {
        get
        {
            lock (_configGate)
            {
                return _config ??= ReadConfig();
            }
        }
    }

    /// <summary>Says that this command changed git config or .mlconfig: the next read of either asks git again.</summary>
    public void ConfigChanged()
    {
        lock (_configGate)
        {
            _config = null;
            _settings = null;
        }
    }

    /// <summary>
    /// What each blob of the index is to git-ml (<see cref="Tracking.PointerCache"/>), read from .git/ml once per
    /// command however many parts of it ask; whoever teaches it something saves it.
    /// </summary>
    public Tracking.PointerCache PointerCache => _pointerCache.Value;

    /// <summary>Whether git runs git-ml's filter here (<see cref="Install.FilterConfiguration.IsConfigured"/>).</summary>
    public bool FilterConfigured => Install.FilterConfiguration.IsConfigured(UserConfig);

    /// <summary>git-ml's typed settings; a bad value is a warning or an error as <see cref="SettingValues"/> says.</summary>
    public MlSettings Settings => _settings ??= ReadSettings();

    /// <summary>
    /// Who is acting, for runs, registry changes and approvals: "Name &lt;email&gt;" as git would sign a commit
    /// (GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, then user.name/user.email), the login name when git knows no one.
    /// </summary>
    public string CurrentUser()
    {
        string? name = _environment("GIT_AUTHOR_NAME") is { Length: > 0 } n ? n : Config.Get("user.name");
        string? email = _environment("GIT_AUTHOR_EMAIL") is { Length: > 0 } e ? e : Config.Get("user.email");
        string who = name ?? System.Environment.UserName;
        return email is null ? who : $"{who} <{email}>";
    }

    /// <summary>The working tree, or an error for commands that need one.</summary>
    public string WorkTree => Layout.WorkTree ?? throw new NoWorkTreeException(Layout.GitDirectory);

    /// <summary>git-ml's folder in the common directory: the store lives here, shared by all worktrees.</summary>
    public static string StoreRoot(RepositoryLayout layout) => Path.Combine(layout.CommonDirectory, "ml");

    public static MlRepository Open(string directory, Caller caller = Caller.User, TextWriter? diagnostics = null, Func<string, string?>? environment = null) =>
        new(RepositoryLayout.Require(directory), caller, diagnostics, environment);

    public static MlRepository? TryOpen(string directory) =>
        RepositoryLayout.Discover(directory) is { } layout ? new MlRepository(layout) : null;

    private ConfigSnapshot ReadConfig()
    {
        var committed = Layout.WorkTree is { } top
            ? GitConfig.ReadFile(Git, Path.Combine(top, SettingKeys.CommittedFile))
            : GitConfig.Empty;
        var entries = GitConfigEntry.ReadEffective(Git);
        var user = GitConfig.FromEntries(entries);
        return new ConfigSnapshot(committed, entries, user, committed.OverriddenBy(user));
    }

    private MlSettings ReadSettings()
    {
        var (committed, _, user, effective) = Snapshot;
        var values = new SettingValues(committed, user, strictUserConfig: _caller == Caller.User, _diagnostics.WriteLine);
        return MlSettings.From(values, _environment, effective.GetAll(SettingKeys.PreCommitAllow));
    }
}
