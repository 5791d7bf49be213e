using System.Text.RegularExpressions;
using GitMl.Git;

namespace GitMl.Core.Remotes;

/// <summary>
/// The data remotes of a repository (`git ml remote ...`): read from the committed .mlconfig with the
/// repository's own git config on top, written to .mlconfig (shared with the team) or, with <c>local</c>, to
/// .git/config (this clone only). Credentials are refused for the committed file.
/// </summary>
public sealed partial class DataRemotes(MlRepository repo)
{
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
        return (remotes, config.Get(RemoteSettingKeys.Default) ?? fallback);
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
        if (makeDefault)
        {
            SetDefault(name, local);
        }
        return created;
    }

    public void Remove(string name)
    {
        Resolve(name);
        foreach (string file in ConfigFiles())
        {
            repo.Git.Run(["config", "--file", file, "--remove-section", $"{RemoteSettingKeys.Section}.{name}"]);
            if (repo.Git.Run(["config", "--file", file, RemoteSettingKeys.Default]).StdoutText.Trim() == name)
            {
                repo.Git.Run(["config", "--file", file, "--unset", RemoteSettingKeys.Default]);
            }
        }
    }

    public void SetDefault(string name, bool local)
    {
        Resolve(name);
        Write(local, RemoteSettingKeys.Default, name);
    }

    /// <summary>Sets (or with a null value unsets) one option of a remote.</summary>
    public void Modify(string name, string option, string? value, bool local)
    {
        Resolve(name);
        string canonical = RemoteSettingKeys.Options.Keys.FirstOrDefault(k => k.Equals(option, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{option}' is not a remote option; options: {string.Join(", ", RemoteSettingKeys.Options.Keys)}");
        if (RemoteSettingKeys.Secrets.Contains(canonical) && !local)
        {
            throw new ArgumentException(
                $"'{canonical}' is a credential and .mlconfig is committed: store it in this clone only with 'git ml remote modify --local {name} {canonical} VALUE', " +
                "or use the storage SDK's usual sources (environment variables, ~/.aws profiles, AZURE_STORAGE_CONNECTION_STRING)");
        }
        if (canonical == RemoteSettingKeys.Url && value is not null)
        {
            RemoteUrl.Parse(value, repo.WorkTree);
        }
        string key = RemoteSettingKeys.Key(name, canonical);
        if (value is null)
        {
            repo.Git.Run(["config", "--file", local ? LocalFile : CommittedFile, "--unset-all", key]);
        }
        else
        {
            Write(local, key, value);
        }
    }

    private DataRemote Read(GitConfig config, string name)
    {
        string prefix = $"{RemoteSettingKeys.Section}.{name}.";
        var options = config.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(k => k[prefix.Length..], k => config.Get(k)!, StringComparer.OrdinalIgnoreCase);
        return new DataRemote(name, RemoteUrl.Parse(options[RemoteSettingKeys.Url], repo.WorkTree), options);
    }

    private void Write(bool local, string key, string value) =>
        repo.Git.Check(["config", "--file", local ? LocalFile : CommittedFile, key, value]);

    private string LocalFile => Path.Combine(repo.Layout.GitDirectory, "config");

    private IEnumerable<string> ConfigFiles() => [CommittedFile, LocalFile];

    /// <summary>Config as it is now (not the snapshot cached at start): these commands change it.</summary>
    private GitConfig Fresh()
    {
        var committed = GitConfig.ReadFile(repo.Git, CommittedFile);
        return committed.OverriddenBy(GitConfig.Read(repo.Git, GitConfigScope.Local));
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
