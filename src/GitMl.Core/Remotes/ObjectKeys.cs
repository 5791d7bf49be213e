using GitMl.Core.Objects;

namespace GitMl.Core.Remotes;

/// <summary>Where an object lives on a data remote: <c>ab/cd/&lt;oid&gt;</c> under the remote's prefix, as in the local store.</summary>
public static class ObjectKeys
{
    public static string For(ObjectId oid)
    {
        string hex = oid.Hex;
        return $"{hex[..2]}/{hex[2..4]}/{hex}";
    }

    /// <summary>The object a key names, or null for keys that are not objects (anything else under the prefix).</summary>
    public static ObjectId? Parse(string key)
    {
        string[] parts = key.Split('/');
        // The id's text is parts[2] itself (TryParse takes only the canonical form).
        return parts.Length == 3 && ObjectId.TryParse(parts[2], out var oid) && parts[0] == parts[2][..2] && parts[1] == parts[2][2..4]
            ? oid
            : null;
    }
}
