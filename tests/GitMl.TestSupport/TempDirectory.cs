namespace GitMl.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted on dispose (best effort).</summary>
public sealed class TempDirectory : IDisposable
{
    /// <param name="purpose">A word for the folder's name (gitml-PURPOSE-RANDOM), to tell leftovers apart.</param>
    public TempDirectory(string purpose = "test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gitml-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path under the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
