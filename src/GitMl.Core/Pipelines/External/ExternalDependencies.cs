using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitMl.Core.Locks;
using GitMl.Core.Remotes;
using GitMl.Storage;

namespace GitMl.Core.Pipelines.External;

/// <summary>
/// Dependencies a stage names by URL rather than by a path in the working tree, checked as DVC checks them: by what
/// the storage says about the object (its ETag, else its modification time, and its size), never by downloading it.
/// <list type="bullet">
/// <item><c>http://</c> and <c>https://</c>: a HEAD request (GET when HEAD is not allowed), with no credentials,
/// no cookies and at most 5 redirects, never from https down to http.</item>
/// <item><c>remote://NAME/path</c> (DVC's spelling): the object at that path in data remote NAME.</item>
/// <item><c>s3://bucket/key</c> and <c>azure://container/blob</c>: through the data remote that names that bucket or
/// container, so its endpoint and this user's credentials go only where <see cref="RemoteAccess"/> allows.</item>
/// </list>
/// A path that is a folder in the store (objects below it) is checked by the list of its objects. Each URL is checked
/// once per instance. What the lock file records: <c>hash: etag</c> with the ETag, or <c>hash: modified</c> with the
/// modification time (stores that give no ETag: a directory remote, an http server without ETag).
/// </summary>
public sealed class ExternalDependencies(MlRepository repo, IBlobStoreFactory? stores, HttpMessageHandler? http = null)
{
    /// <summary>The lock file's hash kind for an ETag.</summary>
    public const string ETagKind = "etag";

    /// <summary>The lock file's hash kind for a modification time (ISO 8601, UTC, to the tick).</summary>
    public const string ModifiedKind = "modified";

    private const int MaxTagLength = 256;
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Lazy<LockedPath?>> _checked = new(StringComparer.Ordinal);
    private readonly Lazy<HttpClient> _client = new(() => CreateClient(http));

    /// <summary>Whether a dependency as written in a pipeline is a URL (checked here) rather than a working-tree path.</summary>
    public static bool IsExternal(string dependency) => PipelinePaths.IsUrl(dependency);

    /// <summary>The dependency as it is now, as a lock entry (path: the URL as written); null when nothing is there.</summary>
    /// <exception cref="ExternalDependencyException">It cannot be checked: an unsupported scheme, no data remote for it, refused access, a network or server failure.</exception>
    public LockedPath? Check(string url) =>
        _checked.GetOrAdd(url, u => new Lazy<LockedPath?>(() => CheckNow(u))).Value;

    /// <summary>
    /// Downloads the file <paramref name="url"/> names to <paramref name="destination"/> (a full path) as a whole: into a
    /// temporary file next to it, renamed over it only once every byte the source announced has arrived.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ExternalDependencyException">Nothing is there, it is a folder, or it cannot be read; the destination is unchanged.</exception>
    public long Download(string url, string destination) => Guarded(url, "download", () =>
        SchemeOf(url) switch
        {
            "http" or "https" => DownloadHttpAsync(url, destination).GetAwaiter().GetResult(),
            "remote" => DownloadStoreAsync(url, RemoteByName(url), destination).GetAwaiter().GetResult(),
            _ => DownloadStoreAsync(url, RemoteByBucket(url, SchemeOf(url) == "s3" ? RemoteKind.S3 : RemoteKind.Azure), destination).GetAwaiter().GetResult(),
        });

    /// <summary>Refuses a URL of a scheme git-ml cannot reach, before anything is written.</summary>
    /// <exception cref="ExternalDependencyException">An unsupported scheme, or text that is not a URL.</exception>
    public static void RequireSupported(string url)
    {
        if (!IsExternal(url) || url.Any(char.IsControl) || url.Any(char.IsWhiteSpace))
        {
            throw new ExternalDependencyException($"'{url}' is not a URL: use https://..., s3://bucket/key, azure://container/blob or remote://NAME/path");
        }
        string scheme = SchemeOf(url);
        if (scheme is not ("http" or "https" or "remote" or "s3" or "azure"))
        {
            throw new ExternalDependencyException(
                $"dependency {url}: git-ml checks dependencies at http(s)://, s3://, azure:// and remote://NAME/path, not {scheme}://; download it in a stage of its own instead");
        }
    }

    private LockedPath? CheckNow(string url) => Guarded(url, "check", () =>
    {
        RequireSupported(url);
        return SchemeOf(url) switch
        {
            "http" or "https" => CheckHttpAsync(url).GetAwaiter().GetResult(),
            "remote" => CheckStoreAsync(url, RemoteByName(url)).GetAwaiter().GetResult(),
            _ => CheckStoreAsync(url, RemoteByBucket(url, SchemeOf(url) == "s3" ? RemoteKind.S3 : RemoteKind.Azure)).GetAwaiter().GetResult(),
        };
    });

    private static string SchemeOf(string url) => url[..url.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();

    /// <summary>Every failure of the network, the store or the remote's configuration, as one sentence naming the URL.</summary>
    private static T Guarded<T>(string url, string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when ((e is HttpRequestException or StorageException or ArgumentException or InvalidOperationException or IOException or TaskCanceledException)
                                  && e is not ExternalDependencyException)
        {
            string why = e is TaskCanceledException ? $"no answer within {HttpTimeout.TotalSeconds:0} s" : UserMessage.Of(e);
            throw new ExternalDependencyException($"cannot {what} dependency {url}: {why}", e);
        }
    }

    private async Task<long> DownloadHttpAsync(string url, string destination)
    {
        using var response = await Send(HttpMethod.Get, new Uri(url)).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ExternalDependencyException(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone
                ? $"nothing is at {url} (HTTP {(int)response.StatusCode})"
                : $"cannot download {url}: the server answered HTTP {(int)response.StatusCode}");
        }
        await using var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return await WriteWholeAsync(url, content, response.Content.Headers.ContentLength, destination).ConfigureAwait(false);
    }

    private static async Task<long> DownloadStoreAsync(string url, (DataRemote Remote, IBlobStore Store, string Key) target, string destination)
    {
        await using var store = target.Store;
        BlobKeys.ThrowIfInvalid(target.Key);
        BlobDownload download;
        try
        {
            download = await store.GetAsync(target.Key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            throw new ExternalDependencyException($"nothing is at {url} (a folder is imported file by file)");
        }
        await using (download.ConfigureAwait(false))
        {
            return await WriteWholeAsync(url, download.Content, download.Length, destination).ConfigureAwait(false);
        }
    }

    private static async Task<long> WriteWholeAsync(string url, Stream content, long? announced, string destination)
    {
        string folder = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Environment.ProcessId}.{Guid.NewGuid():N}.download");
        try
        {
            long written;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
            {
                await content.CopyToAsync(file).ConfigureAwait(false);
                written = file.Length;
                file.Flush(flushToDisk: true);
            }
            if (announced is long length && written != length)
            {
                throw new ExternalDependencyException($"cannot download {url}: {written} of the {length} bytes announced arrived; nothing was changed");
            }
            File.Move(temp, destination, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<LockedPath?> CheckHttpAsync(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ExternalDependencyException($"dependency {url} is not a valid URL");
        }
        var response = await Send(HttpMethod.Head, uri).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            // A server that does not allow HEAD is asked with GET; only the headers are read.
            response.Dispose();
            response = await Send(HttpMethod.Get, uri).ConfigureAwait(false);
        }
        using var answered = response;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new ExternalDependencyException($"cannot check dependency {url}: the server answered HTTP {(int)response.StatusCode}");
        }
        long size = response.Content.Headers.ContentLength ?? 0;
        if (BlobInfo.Unquote(response.Headers.ETag?.Tag) is { } etag)
        {
            return Entry(url, ETagKind, Checked(url, etag), size);
        }
        if (response.Content.Headers.LastModified is { } modified)
        {
            return Entry(url, ModifiedKind, Timestamp(modified.UtcDateTime), size);
        }
        throw new ExternalDependencyException(
            $"cannot check dependency {url}: the server sends neither an ETag nor a Last-Modified date, so there is no telling whether it changed; download it with `git ml import-url` instead");
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, Uri uri)
    {
        using var request = new HttpRequestMessage(method, uri);
        return await _client.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
    }

    private static async Task<LockedPath?> CheckStoreAsync(string url, (DataRemote Remote, IBlobStore Store, string Key) target)
    {
        await using var store = target.Store;
        string key = target.Key.TrimEnd('/');
        BlobKeys.ThrowIfInvalidPrefix(key);
        var inside = new List<BlobInfo>();
        BlobInfo? exact = null;
        await foreach (var blob in store.ListAsync(key, CancellationToken.None).ConfigureAwait(false))
        {
            if (blob.Key == key)
            {
                exact = blob;
            }
            else if (blob.Key.StartsWith(key + "/", StringComparison.Ordinal))
            {
                inside.Add(blob);
            }
        }
        if (exact is not null)
        {
            return exact.ETag is { } etag
                ? Entry(url, ETagKind, Checked(url, etag), exact.Size)
                : exact.LastModifiedUtc is { } modified
                    ? Entry(url, ModifiedKind, Timestamp(modified), exact.Size)
                    : throw new ExternalDependencyException($"cannot check dependency {url}: data remote {target.Remote.Name} tells neither an ETag nor a modification time");
        }
        if (inside.Count == 0)
        {
            return null;
        }
        // A folder: the objects below it, each by its tag, in one digest (what changes when any of them changes).
        var listing = new StringBuilder();
        bool tagged = inside.All(b => b.ETag is not null);
        foreach (var blob in inside.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            string tag = tagged ? blob.ETag! : Timestamp(blob.LastModifiedUtc ?? DateTime.MinValue);
            listing.Append(blob.Key.AsSpan(key.Length + 1)).Append('\t').Append(tag).Append('\t').Append(blob.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        string digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
        return Entry(url, tagged ? ETagKind : ModifiedKind, digest, inside.Sum(b => b.Size)) with { FileCount = inside.Count };
    }

    /// <summary><c>remote://NAME/path</c>: the object at path in data remote NAME (below the remote's own prefix, as DVC reads it).</summary>
    private (DataRemote, IBlobStore, string) RemoteByName(string url)
    {
        string rest = url["remote://".Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw new ExternalDependencyException($"dependency {url}: write it as remote://NAME/path, NAME a data remote ('git ml remote list')");
        }
        var remote = new DataRemotes(repo).Resolve(rest[..slash]);
        return (remote, Open(url, remote), rest[(slash + 1)..]);
    }

    /// <summary><c>s3://bucket/key</c>, <c>azure://container/blob</c>: through the data remote configured for that bucket or container.</summary>
    private (DataRemote, IBlobStore, string) RemoteByBucket(string url, RemoteKind kind)
    {
        var parsed = RemoteUrl.Parse(url, repo.WorkTree);
        var remote = new DataRemotes(repo).List().Remotes.FirstOrDefault(r => r.Url.Kind == kind && r.Url.Location == parsed.Location)
            ?? throw new ExternalDependencyException(
                $"dependency {url}: no data remote is configured for {(kind == RemoteKind.S3 ? "bucket" : "container")} '{parsed.Location}', so git-ml knows neither its endpoint nor which credentials may go there; " +
                $"add one: git ml remote add NAME {(kind == RemoteKind.S3 ? "s3" : "azure")}://{parsed.Location}");
        // The whole bucket, with the remote's endpoint and credentials: the URL names the key from the top.
        var whole = remote with { Url = new RemoteUrl(kind, parsed.Location, "") };
        return (remote, Open(url, whole), parsed.Prefix);
    }

    private IBlobStore Open(string url, DataRemote remote)
    {
        if (stores is null)
        {
            throw new ExternalDependencyException($"dependency {url}: this command does not open data remotes");
        }
        try
        {
            return stores.Open(remote);
        }
        catch (RemoteAccessRefusedException e)
        {
            throw new ExternalDependencyException($"cannot check dependency {url}: {e.Message}", e);
        }
    }

    private static LockedPath Entry(string url, string kind, string value, long size) =>
        new(url, kind, value, size, null, new Dictionary<string, string>());

    /// <summary>A tag the server chose goes into the lock file and onto terminals: printable ASCII and short, or refused.</summary>
    private static string Checked(string url, string tag) =>
        tag.Length <= MaxTagLength && tag.All(c => c is > ' ' and < '\u007f')
            ? tag
            : throw new ExternalDependencyException($"cannot check dependency {url}: its ETag is not a short printable tag");

    private static string Timestamp(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static HttpClient CreateClient(HttpMessageHandler? handler)
    {
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
            Credentials = null,
            PreAuthenticate = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new HttpClient(handler) { Timeout = HttpTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("git-ml");
        return client;
    }
}
