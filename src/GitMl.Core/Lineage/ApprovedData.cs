using System.Globalization;
using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;

namespace GitMl.Core.Lineage;

/// <summary>
/// The approved-data policy file, committed at the top of the working tree (<see cref="FileName"/>): which data
/// contents a model may be trained on. Approval is by content (sha256), so changing a file makes it unapproved until
/// someone approves the new version. One tab-separated line per approval (oid, path, user, time, message), sorted by
/// oid then path, so approvals made on two branches merge line by line (the file gets `merge=union`). With
/// <see cref="RequireSetting"/> on, promotion to Production refuses a model whose training data is not approved.
/// </summary>
public sealed class ApprovedData
{
    public const string FileName = ".mlapproved";

    /// <summary>Config key (in the committed .mlconfig, or any git config) that turns the Production check on.</summary>
    public const string RequireSetting = Settings.SettingKeys.RequireApprovedData;

    private const string Header = "# git-ml approved data: sha256<TAB>path<TAB>approved by<TAB>when<TAB>why. Edit with `git ml data approve` / `git ml data revoke`.";

    private readonly MlRepository _repo;

    public ApprovedData(MlRepository repo)
    {
        _repo = repo;
        Entries = Read(Path.Combine(repo.WorkTree, FileName));
    }

    public IReadOnlyList<DataApproval> Entries { get; private set; }

    public bool Required => _repo.Settings.RequireApprovedData;

    public bool IsApproved(ObjectId oid) => Entries.Any(e => e.Oid == oid);

    /// <summary>Approves the current content of each path (a file or a folder) and writes the file; returns the new approvals (already approved content is left as it was).</summary>
    /// <exception cref="FileNotFoundException">A path is not there.</exception>
    public IReadOnlyList<DataApproval> Approve(IEnumerable<string> paths, string workingDirectory, string message)
    {
        var hasher = new ContentHasher(_repo, StatCache.For(_repo), () => UnmodifiedPointers.Read(_repo));
        var added = new List<DataApproval>();
        var entries = Entries.ToList();
        string user = _repo.CurrentUser();
        foreach (string path in paths)
        {
            string relative = Relative(path, workingDirectory);
            var hashed = hasher.Hash(relative, store: false);
            if (!hashed.Exists)
            {
                throw new FileNotFoundException($"{path}: no such file or folder to approve");
            }
            var oid = ObjectId.Parse(hashed.Hash.EndsWith(".dir", StringComparison.Ordinal) ? hashed.Hash[..^4] : hashed.Hash);
            if (entries.Any(e => e.Oid == oid))
            {
                continue;
            }
            var approval = new DataApproval(oid, relative, user, DateTimeOffset.UtcNow, message);
            entries.Add(approval);
            added.Add(approval);
        }
        Save(entries);
        return added;
    }

    /// <summary>Withdraws approvals by path (its current content, and any approval recorded under that path) or by oid (prefix of 8+); returns what was removed.</summary>
    public IReadOnlyList<DataApproval> Revoke(IEnumerable<string> pathsOrOids, string workingDirectory)
    {
        var entries = Entries.ToList();
        var removed = new List<DataApproval>();
        foreach (string item in pathsOrOids)
        {
            string relative = Relative(item, workingDirectory);
            removed.AddRange(entries.Where(e => e.Path == relative || (item.Length >= 8 && e.Oid.Hex.StartsWith(item, StringComparison.Ordinal))));
        }
        Save(entries.Except(removed).ToList());
        return removed.Distinct().ToList();
    }

    private string Relative(string path, string workingDirectory) =>
        Path.GetRelativePath(_repo.WorkTree, Path.GetFullPath(path, workingDirectory)).Replace('\\', '/').TrimEnd('/');

    private void Save(List<DataApproval> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in entries.OrderBy(e => e.Oid.Hex, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(e.Oid.Hex).Append('\t').Append(Clean(e.Path)).Append('\t').Append(Clean(e.User)).Append('\t')
                .Append(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\t').Append(Clean(e.Message)).Append('\n');
        }
        AtomicFile.WriteAllText(Path.Combine(_repo.WorkTree, FileName), text.ToString());
        EnsureUnionMerge();
        Entries = entries;
    }

    /// <summary>Approvals made on two branches should both survive a merge: the file merges as a union of lines.</summary>
    private void EnsureUnionMerge()
    {
        string attributes = Path.Combine(_repo.WorkTree, ".gitattributes");
        string line = $"/{FileName} merge=union";
        string existing = File.Exists(attributes) ? File.ReadAllText(attributes) : "";
        if (!existing.Split('\n').Any(l => l.Trim() == line))
        {
            File.AppendAllText(attributes, (existing.Length > 0 && !existing.EndsWith('\n') ? "\n" : "") + line + "\n");
        }
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    /// <exception cref="FormatException">A line is not an approval; the message names the file and line.</exception>
    private static List<DataApproval> Read(string path)
    {
        var entries = new List<DataApproval>();
        if (!File.Exists(path))
        {
            return entries;
        }
        int number = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            string[] fields = line.Split('\t');
            if (fields.Length != 5 || !ObjectId.TryParse(fields[0], out var oid)
                || !DateTimeOffset.TryParse(fields[3], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new FormatException($"{FileName} line {number}: expected sha256<TAB>path<TAB>user<TAB>time<TAB>message; fix or remove the line (git ml data approve rewrites the file)");
            }
            entries.Add(new DataApproval(oid.Value, fields[1], fields[2], at, fields[4]));
        }
        return entries;
    }
}
