namespace GitMl.Core.Objects;

/// <summary>
/// Another git-ml store on this machine, such as the store of the repository a clone was made from. Its objects
/// are copied (and verified while copying) rather than linked, so later damage to either store stays local.
/// </summary>
public sealed class LocalStoreSource(ObjectStore other) : IObjectSource
{
    public string Description => other.Root;

    public bool TryCopyTo(Pointer pointer, ObjectStore store)
    {
        var oid = pointer.Oid;
        FileStream source;
        try
        {
            source = Storage.IO.RegularFile.OpenRead(other.PathOf(oid));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return false;
        }
        using (source)
        {
            store.AddVerified(source, oid, other.Root);
        }
        return true;
    }
}
