using System.Text.RegularExpressions;
using GitMl.Git;

namespace GitMl.Core.Remotes;

/// <summary>
/// The data remotes of a repository (`git ml remote ...`): read from the committed .mlconfig with this user's own
/// git config on top (each setting keeps its <see cref="SettingOrigin"/>), written to .mlconfig (shared with the
/// team) or, with <c>local</c>, to .git/config (this clone only). Credentials are refused for the committed file;
/// stored with --local, each is bound to the endpoint it was set for; `trust` approves a committed endpoint for this
/// user's credentials (see <see cref="RemoteAccess"/>).
/// </summary>
/// <param name="fromSnapshot">Read the remotes from the repository's config snapshot (<see cref="MlRepository.Snapshot"/>,
/// read once per command with origins) instead of asking git again: for a short command that only reads, such as
/// status. By default every read asks git, since the config may change while a long-lived process (the server) or a
/// command that writes it runs.</param>
public sealed partial class DataRemotes(MlRepository repo, Func<string, string?>? environment = null, bool fromSnapshot = false)
{
    private readonly Func<string, string?> _environment = environment ?? repo.Environment;
    private bool _wrote;

    private string CommittedFile => Path.Combine(repo.WorkTree, Settings.SettingKeys.CommittedFile);

    /// <summary>Every configured remote, by name, and the default one's name (or null).</summary>
    public (IReadOnlyList<DataRemote> Remotes, string? Default) List()
    {
        var config = Fresh();
        var names = config.Keys
            .Where(k => k.StartsWith(RemoteSettingKeys.Section + ".", StringComparison.Ordinal) && k.EndsWith("." + RemoteSettingKeys.Url, StringComparison.Ordinal))
            .Select(k => k[(RemoteSettingKeys.Section.Length + 1)..^(RemoteSettingKeys.Url.Length + 1)])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var remotes = names.Select(n => Read(config, n)).ToList();
        string? fallback = remotes.Count == 1 ? remotes[0].Name : null;
        return (remotes, (config.TryGetValue(RemoteSettingKeys.Default, out var chosen) ? chosen.Value : null) ?? fallback);
    }

    /// <summary>The named remote, or the default one when <paramref name="name"/> is null.</summary>
    /// <exception cref="ArgumentException">No such remote, or no default; the message says how to set one up.</exception>
    public DataRemote Resolve(string? name)
    {
        var (remotes, defaultName) = List();
        string? wanted = name ?? defaultName;
        if (wanted is null)
        {
            throw new ArgumentException(remotes.Count == 0
                ? "no data remote is configured: add one with 'git ml remote add -d NAME URL' (URL: s3://bucket/prefix, azure://container/prefix or a directory)"
                : $"no default data remote: name one of {string.Join(", ", remotes.Select(r => r.Name))}, or set one with 'git ml remote default NAME'");
        }
        return remotes.FirstOrDefault(r => r.Name == wanted)
            ?? throw new ArgumentException($"no data remote named '{wanted}' (configured: {(remotes.Count == 0 ? "none" : string.Join(", ", remotes.Select(r => r.Name)))}; see 'git ml remote list')");
    }

    /// <summary>The default remote, or null when none is configured (not an error: git-ml works without one).</summary>
    public DataRemote? DefaultOrNull()
    {
        var (remotes, defaultName) = List();
        return remotes.FirstOrDefault(r => r.Name == defaultName);
    }

    /// <returns>True when a directory remote's folder was created.</returns>
    public bool Add(string name, string url, bool makeDefault, bool local)
    {
        CheckName(name);
        var parsed = RemoteUrl.Parse(url, repo.WorkTree);
        if (List().Remotes.Any(r => r.Name == name))
        {
            throw new ArgumentException($"a data remote named '{name}' exists already: change it with 'git ml remote modify {name} url URL' or remove it first");
        }
        // A new directory remote is created now; later, a missing folder means an unmounted drive, and every
        // transfer stops with that message instead of quietly filling a fresh empty folder.
        bool created = parsed.Kind == RemoteKind.Directory && !Directory.Exists(parsed.Location);
        if (created)
        {
            Directory.CreateDirectory(parsed.Location);
        }
        // Directory remotes are written as given, so a relative path stays relative for every clone.
        Write(local, RemoteSettingKeys.Key(name, RemoteSettingKeys.Url), parsed.Kind == RemoteKind.Directory ? url : parsed.ToString());
        ApproveWhatThisUserNamed(name, local);
        if (makeDefault)
        {
            SetDefault(name, local);
        }
        return created;
    }

    public void Remove(string name)
    {
        Resolve(name);
        foreach (var file in new[] { GitConfigFile.AtPath(CommittedFile), GitConfigFile.Of(GitConfigScope.Local) })
        {
            GitConfig.TryRemoveSection(repo.Git, file, $"{RemoteSettingKeys.Section}.{name}");
            if (GitConfig.ReadValue(repo.Git, RemoteSettingKeys.Default, file) == name)
            {
                GitConfig.TryUnset(repo.Git, file, RemoteSettingKeys.Default);
            }
        }
        Changed();
    }

    public void SetDefault(string name, bool local)
    {
        Resolve(name);
        Write(local, RemoteSettingKeys.Default, name);
    }

    /// <summary>Sets (or with a null value unsets) one option of a remote.</summary>
    /// <returns>For a credential bound to an endpoint, that endpoint; else null.</returns>
    public string? Modify(string name, string option, string? value, bool local)
    {
        Resolve(name);
        string canonical = RemoteSettingKeys.Options.Keys.FirstOrDefault(k => k.Equals(option, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{option}' is not a remote option; options: {string.Join(", ", RemoteSettingKeys.Options.Keys)}");
        if (!local)
        {
            RefuseForCommittedFile(name, canonical);
        }
        if (canonical == RemoteSettingKeys.Url && value is not null)
        {
            RemoteUrl.Parse(value, repo.WorkTree);
        }
        string key = RemoteSettingKeys.Key(name, canonical);
        bool bound = RemoteSettingKeys.BoundSecrets.Contains(canonical, StringComparer.OrdinalIgnoreCase);
        if (value is null)
        {
            Unset(local, key);
            if (bound)
            {
                Unset(local, RemoteSettingKeys.Key(name, RemoteSettingKeys.BindingFor(canonical)));
            }
            return null;
        }
        // The endpoint a credential is bound to is the one the remote points at as it is set; found before writing
        // anything, so a credential that cannot be bound is not stored either.
        string? endpoint = bound ? RemoteRoute.BindingEndpoint(Resolve(name)).Address : null;
        Write(local, key, value);
        if (endpoint is not null)
        {
            Write(local, RemoteSettingKeys.Key(name, RemoteSettingKeys.BindingFor(canonical)), endpoint);
        }
        if (canonical is RemoteSettingKeys.Url or RemoteSettingKeys.EndpointUrl or RemoteSettingKeys.Endpoint or RemoteSettingKeys.Account)
        {
            ApproveWhatThisUserNamed(name, local);
        }
        return endpoint;
    }

    /// <summary>Credentials, and what widens where they go, are never written to the committed file.</summary>
    private static void RefuseForCommittedFile(string name, string option)
    {
        if (RemoteSettingKeys.Secrets.Contains(option))
        {
            throw new ArgumentException(
                $"'{option}' is a credential and .mlconfig is committed: store it in this clone only with 'git ml remote modify --local {name} {option} VALUE', " +
                "or use the storage SDK's usual sources (environment variables, ~/.aws profiles, AZURE_STORAGE_CONNECTION_STRING)");
        }
        if (RemoteSettingKeys.LocalOnly.Contains(option))
        {
            throw new ArgumentException($"'{option}' widens where this clone sends data and .mlconfig is committed: set it in this clone only with 'git ml remote modify --local {name} {option} VALUE'");
        }
    }

    /// <summary>
    /// Approves the endpoint <paramref name="name"/> points at now for this user's credentials, in this clone's own
    /// config (`git ml remote trust`). A later change of the committed endpoint needs approval again.
    /// </summary>
    /// <returns>The decision after approving, with the endpoint approved (or the reason none was needed).</returns>
    /// <exception cref="ArgumentException">The remote names no valid endpoint; the message says which setting.</exception>
    public RemoteAccessDecision Trust(string name)
    {
        ApproveCurrentEndpoint(name);
        return Access(Resolve(name));
    }

    /// <summary>Withdraws this clone's approval of <paramref name="name"/>'s endpoint.</summary>
    public void Revoke(string name)
    {
        Resolve(name);
        Unset(local: true, RemoteSettingKeys.Key(name, RemoteSettingKeys.TrustedEndpoint));
    }

    /// <summary>Whether <paramref name="remote"/> may be used with this user's credentials (see <see cref="RemoteAccess"/>).</summary>
    public RemoteAccessDecision Access(DataRemote remote) => RemoteAccess.Decide(remote, _environment);

    /// <summary>
    /// After this user wrote a remote's url or endpoint into .mlconfig, approves the endpoint it now names: they named
    /// it themselves, in this clone (a teammate's clone of the commit will ask its user).
    /// </summary>
    private void ApproveWhatThisUserNamed(string name, bool local)
    {
        if (local)
        {
            return;
        }
        try
        {
            ApproveCurrentEndpoint(name);
        }
        catch (ArgumentException)
        {
            // Not a valid endpoint (yet): nothing to approve; using the remote will say what is wrong.
        }
    }

    private void ApproveCurrentEndpoint(string name)
    {
        var endpoint = RemoteRoute.Of(Resolve(name), _environment).Endpoint;
        if (endpoint.NeedsApproval)
        {
            WriteLocal(RemoteSettingKeys.Key(name, RemoteSettingKeys.TrustedEndpoint), endpoint.Address);
        }
    }

    private DataRemote Read(Dictionary<string, RemoteSetting> config, string name)
    {
        string prefix = $"{RemoteSettingKeys.Section}.{name}.";
        var settings = config
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.OrdinalIgnoreCase);
        return new DataRemote(name, RemoteUrl.Parse(settings[RemoteSettingKeys.Url].Value, repo.WorkTree), settings);
    }

    private void Write(bool local, string key, string value)
    {
        if (local)
        {
            WriteLocal(key, value);
        }
        else
        {
            GitConfig.Set(repo.Git, GitConfigFile.AtPath(CommittedFile), key, value);
            Changed();
        }
    }

    /// <summary>Writes this clone's own config (the common one, so linked worktrees share it).</summary>
    private void WriteLocal(string key, string value)
    {
        GitConfig.Set(repo.Git, GitConfigFile.Of(GitConfigScope.Local), key, value);
        Changed();
    }

    private void Unset(bool local, string key)
    {
        GitConfig.TryUnsetAll(repo.Git, local ? GitConfigFile.Of(GitConfigScope.Local) : GitConfigFile.AtPath(CommittedFile), key);
        Changed();
    }

    /// <summary>
    /// The remote settings as they are now: the committed .mlconfig, overridden key by key by this user's git config.
    /// A value git read from a file inside the working tree (a committed file pulled in with include.path) counts as
    /// committed, whatever file included it. Asked of git each time, or taken from the repository's snapshot when this
    /// instance reads from it and has written nothing (every write also tells the repository,
    /// <see cref="MlRepository.ConfigChanged"/>, so its own config is read again too).
    /// </summary>
    private Dictionary<string, RemoteSetting> Fresh()
    {
        var settings = new Dictionary<string, RemoteSetting>(StringComparer.Ordinal);
        var (committed, userEntries) = fromSnapshot && !_wrote
            ? (repo.Snapshot.Committed, repo.Snapshot.UserEntries)
            : (GitConfig.ReadFile(repo.Git, CommittedFile), GitConfigEntry.ReadEffective(repo.Git));
        foreach (string key in committed.Keys.Where(IsRemoteKey))
        {
            settings[key] = new RemoteSetting(committed.Get(key)!, SettingOrigin.Committed);
        }
        foreach (var entry in userEntries.Where(e => IsRemoteKey(e.Key)))
        {
            settings[entry.Key] = new RemoteSetting(entry.Value, InsideWorkTree(entry.File) ? SettingOrigin.Committed : SettingOrigin.User);
        }
        return settings;
    }

    private void Changed()
    {
        _wrote = true;
        repo.ConfigChanged();
    }

    private static bool IsRemoteKey(string key) =>
        key.StartsWith(RemoteSettingKeys.Section + ".", StringComparison.Ordinal) || key == RemoteSettingKeys.Default;

    /// <summary>Whether a config file is repository content: inside the working tree and outside the git directory.</summary>
    private bool InsideWorkTree(string? file)
    {
        if (file is null || repo.Layout.WorkTree is not { } top)
        {
            return false;
        }
        static bool Under(string path, string folder) =>
            path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return Under(file, top) && !Under(file, repo.Layout.GitDirectory) && !Under(file, repo.Layout.CommonDirectory);
    }

    private static void CheckName(string name)
    {
        if (!RemoteName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' cannot name a remote: use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RemoteName();
}
