namespace GitMl.Storage;

/// <summary>
/// A whole local file whose bytes its owner knows to be the object's (git-ml's store: hashed when written or read in
/// full, unchanged since), so a store on a file system this machine mounts may copy it inside the kernel, or share its
/// extents, without reading it (<see cref="IFileCopyTarget"/>). <see cref="Unchanged"/> is asked once the copy is
/// made: a file changed meanwhile is not trusted, and the object goes the verified way instead.
/// </summary>
public sealed class KnownGoodFile(FileStream file, Func<bool> unchanged) : IDisposable
{
    public FileStream File { get; } = file;

    /// <summary>Whether the file is still as it was when it was known good.</summary>
    public bool Unchanged() => unchanged();

    public void Dispose() => File.Dispose();
}

/// <summary>
/// A store that keeps objects as files on a file system this machine mounts (a local-directory remote): it can take a
/// known-good file by copying it inside the kernel (sharing extents where the file system can: never a hard link, a
/// remote is a second copy) instead of reading and hashing it again.
/// </summary>
public interface IFileCopyTarget
{
    /// <summary>
    /// Stores <paramref name="file"/> under <paramref name="key"/> as <see cref="IBlobStore.PutAsync"/> would. False,
    /// with nothing stored, when the copy cannot be made here or the file changed meanwhile: the caller then uploads it
    /// as a stream, verified as ever.
    /// </summary>
    Task<bool> TryPutFileAsync(string key, KnownGoodFile file, long length, CancellationToken cancellationToken);
}
