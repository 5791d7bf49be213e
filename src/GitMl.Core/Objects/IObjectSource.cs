namespace GitMl.Core.Objects;

/// <summary>Somewhere objects missing from the local store can be copied from.</summary>
public interface IObjectSource
{
    /// <summary>For messages: where this source is.</summary>
    string Description { get; }

    /// <summary>Copies the object a pointer names into <paramref name="store"/>, verified; false when this source lacks it.</summary>
    bool TryCopyTo(Pointer pointer, ObjectStore store);
}
