using GitMl.Core.IO;
using GitMl.Core.Objects;
using GitMl.Protocol.FilterProcess;

namespace GitMl.Core.Filters;

/// <summary>
/// git-ml's clean and smudge. Clean turns content into a pointer and keeps the bytes in the store; smudge turns a
/// pointer back into verified bytes. Everything else passes through byte for byte: content that already is a
/// pointer (clean), and content that is not one (smudge), whatever its size.
/// Problems with one file are reported on <c>diagnostics</c> (git shows the filter's stderr) and answered with
/// an error status, so git names the file and, the filter being required, fails rather than write bad content.
/// </summary>
public sealed class MlFilter : IFilterHandler
{
    private readonly ObjectStore _store;
    private readonly bool _skipSmudge;
    private readonly Lazy<IReadOnlyList<IObjectSource>> _sources;
    private readonly TextWriter _diagnostics;
    private readonly TextWriter? _terminal;
    private readonly Lazy<LargeFileHandOff?>? _handOff;
    private readonly WrittenFiles? _written;

    /// <summary>Set once a source refused because this user has not approved it: missing content is then left as pointers.</summary>
    private bool _refusedSource;

    /// <summary>Sources that failed as a whole (unreachable, refused) during this session: not asked again.</summary>
    private readonly HashSet<IObjectSource> _unusableSources = [];

    /// <param name="sources">Where to look for objects the store lacks; asked for only when one is missing.</param>
    /// <param name="terminal">Where to draw progress for large files (stderr when it is a terminal), or null.</param>
    /// <param name="handOff">Whether large files whose content is in the store are left as pointers for the
    /// post-checkout hook to write (see <see cref="LargeFileHandOff"/>); decided on the first smudge that asks, so
    /// sessions that only clean never look.</param>
    private readonly List<(byte[] Blob, Pointer Pointer)> _cleaned = [];

    public MlFilter(ObjectStore store, bool skipSmudge, Func<IReadOnlyList<IObjectSource>> sources, TextWriter diagnostics, TextWriter? terminal = null,
        Lazy<LargeFileHandOff?>? handOff = null, WrittenFiles? written = null)
    {
        _handOff = handOff;
        _written = written;
        _store = store;
        _skipSmudge = skipSmudge;
        _sources = new Lazy<IReadOnlyList<IObjectSource>>(sources);
        _diagnostics = diagnostics;
        _terminal = terminal;
    }

    /// <summary>Every pointer clean gave git in this session, with its bytes (the blob git stores): see <see cref="FilterSession"/>.</summary>
    public IReadOnlyList<(byte[] Blob, Pointer Pointer)> Cleaned => _cleaned;

    public FilterStatus Handle(FilterRequest request, FilterResponse response) => request.Command switch
    {
        FilterCommand.Clean => Clean(request.Pathname, request.Content, response.Content),
        FilterCommand.Smudge => Smudge(request.Pathname, request.Content, response.Content),
        _ => FilterStatus.Error,
    };

    public FilterStatus Clean(string path, Stream input, Stream output)
    {
        if (_written?.Unchanged(path) is { } known)
        {
            // A file git-ml wrote from a verified object and that has not changed since (its stamp says so): the
            // bytes git sends are that object's. They are read, as the protocol requires, but neither hashed nor stored.
            Drain(input);
            byte[] knownBlob = known.Encode();
            output.Write(knownBlob);
            _cleaned.Add((knownBlob, known));
            return FilterStatus.Success;
        }
        byte[] head = new byte[Pointer.SizeLimit];
        int n = ObjectStore.ReadFully(input, head);
        if (n == 0)
        {
            // An empty file is stored as git's empty blob, as git-lfs does: a `size 0` pointer would differ from
            // the empty file git's index records, so git would see the file as modified for ever.
            return FilterStatus.Success;
        }
        if (n < head.Length && Pointer.ParseOrNull(head.AsSpan(0, n)) is { } given)
        {
            // Already a pointer (a file checked out with smudge skipped): store it as it is.
            output.Write(head, 0, n);
            _cleaned.Add((head[..n], given));
            return FilterStatus.Success;
        }
        if (n == head.Length && _store.MayClone && _written?.LargeWorkingFile(path) is { } workingFile && _store.TryClone(workingFile) is { } clone)
        {
            // A copy-on-write file system: the store shares the working file's extents, and only the hash costs.
            // The clone is hashed, not git's copy of the bytes (which is drained meanwhile, as the protocol requires):
            // should the file change after git read it, the pointer still names exactly the bytes stored, and the stat
            // data git records is from before the change, so the file shows as modified.
            var drain = Task.Run(() => Drain(input));
            StoredObject cloned;
            try
            {
                cloned = _store.AddClone(clone);
            }
            finally
            {
                drain.Wait();
            }
            var clonedPointer = cloned.ToPointer();
            byte[] clonedBlob = clonedPointer.Encode();
            output.Write(clonedBlob);
            _cleaned.Add((clonedBlob, clonedPointer));
            return FilterStatus.Success;
        }
        var progress = new ProgressLine(_terminal, $"storing {path}", total: null);
        var stored = _store.Add(new ProgressStream(new PrefixedReadStream(head.AsMemory(0, n), input), progress));
        progress.Finish();
        var pointer = stored.ToPointer();
        byte[] encoded = pointer.Encode();
        output.Write(encoded);
        _cleaned.Add((encoded, pointer));
        return FilterStatus.Success;
    }

    private static void Drain(Stream input)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public FilterStatus Smudge(string path, Stream input, Stream output)
    {
        byte[] head = new byte[Pointer.SizeLimit];
        int n = ObjectStore.ReadFully(input, head);
        PointerFormatException? error = null;
        var pointer = n < head.Length ? Pointer.TryParse(head.AsSpan(0, n), out error) : null;
        if (pointer is null)
        {
            if (Pointer.LooksLikePointer(head.AsSpan(0, n)))
            {
                _diagnostics.WriteLine($"git-ml: warning: '{path}' looks like a damaged git-ml pointer ({error?.Message ?? "too large"}); checked out as it is.");
            }
            else if (Pointer.IsGitLfsPointer(head.AsSpan(0, n)))
            {
                _diagnostics.WriteLine($"git-ml: warning: '{path}' is a git-lfs pointer, not git-ml content; checked out as it is. To migrate it, {Pointer.GitLfsPointerFix.Replace("PATH", path, StringComparison.Ordinal)}.");
            }
            using var whole = ContentSpool.Spool(head.AsSpan(0, n), input, _store.TempDirectory);
            whole.CopyTo(output, 1 << 20);
            return FilterStatus.Success;
        }
        if (pointer.Size == 0 && pointer.Oid == ObjectId.Empty)
        {
            return FilterStatus.Success; // A `size 0` pointer from older history: the empty file needs no object.
        }
        if (_skipSmudge || (_handOff?.Value is { } handOff && handOff.Applies(pointer, path) && InStoreOrCopied(pointer)
                            && _store.SizeOf(pointer.Oid) == pointer.Size))
        {
            output.Write(head, 0, n);
            return FilterStatus.Success;
        }
        return WriteContent(path, pointer, output);
    }

    private FilterStatus WriteContent(string path, Pointer pointer, Stream output)
    {
        Stream? content;
        try
        {
            content = OpenOrCopy(path, pointer);
        }
        catch (Exception e) when (e is PointerSizeException or Storage.IO.SpecialFileException)
        {
            _diagnostics.WriteLine(e is PointerSizeException ? $"git-ml: error: {e.Message}" : $"git-ml: error: '{path}' was not checked out: {e.Message}");
            return FilterStatus.Error;
        }
        if (content is null && _refusedSource)
        {
            // Failing would fail the whole checkout (git clone included) over a remote the user has yet to approve:
            // the pointer stays, as with smudge skipped, and `git ml pull` fills it in once the remote is approved.
            output.Write(pointer.Encode());
            return FilterStatus.Success;
        }
        if (content is null)
        {
            return FilterStatus.Error;
        }
        using (content)
        {
            var progress = new ProgressLine(_terminal, $"checking out {path}", pointer.Size);
            try
            {
                content.CopyTo(new ProgressStream(output, progress), 1 << 20);
                progress.Finish();
            }
            catch (CorruptObjectException e)
            {
                progress.Finish();
                NextSteps.ReportCorruptObject(_diagnostics, path, e);
                return FilterStatus.Error;
            }
        }
        return FilterStatus.Success;
    }

    private Stream? OpenOrCopy(string path, Pointer pointer)
    {
        try
        {
            // Opened straight away: the open tells whether the store has it, where asking first cost every file of a
            // checkout a stat of its own.
            return WorktreeContent.Open(_store, pointer, path);
        }
        catch (ObjectMissingException)
        {
        }
        if (InStoreOrCopied(pointer))
        {
            return WorktreeContent.Open(_store, pointer, path);
        }
        if (_refusedSource)
        {
            return null;
        }
        _diagnostics.WriteLine($"git-ml: error: '{path}' was not checked out: its content (object {pointer.Oid}) is not in the local git-ml store.");
        _diagnostics.WriteLine($"git-ml:   {NextSteps.ForMissingContent}");
        return null;
    }

    /// <summary>Whether the store has the object, copying it from the first source that has it when it does not.</summary>
    private bool InStoreOrCopied(Pointer pointer)
    {
        if (_store.Contains(pointer.Oid))
        {
            return true;
        }
        foreach (var source in _sources.Value.Where(s => !_unusableSources.Contains(s)))
        {
            try
            {
                if (source.TryCopyTo(pointer, _store))
                {
                    return true;
                }
            }
            catch (Remotes.RemoteAccessRefusedException e)
            {
                _unusableSources.Add(source);
                if (!_refusedSource)
                {
                    _refusedSource = true;
                    _diagnostics.WriteLine($"git-ml: warning: {e.Message}");
                    _diagnostics.WriteLine("git-ml:   Files whose content is not here yet were left as pointers; once the remote can be used, get them with: git ml pull");
                }
            }
            catch (Storage.StorageException e) when (e.AffectsWholeStore)
            {
                // Unreachable, refused, no such bucket: every other object would fail the same way. Told once.
                _unusableSources.Add(source);
                _diagnostics.WriteLine($"git-ml: warning: could not get content from {source.Description}, so it is not asked again during this command: {UserMessage.Of(e)}");
            }
            catch (Exception e) when (e is ContentMismatchException or Storage.StorageException or IOException)
            {
                _diagnostics.WriteLine($"git-ml: warning: could not get {pointer.Oid} from {source.Description}: {UserMessage.Of(e)}");
            }
        }
        return false;
    }
}
