using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GitMl.Core.Import;

/// <summary>
/// DVC's ".dir" object: the list of a directory's files, each with its md5 and its path inside the directory. DVC
/// writes it as Python's <c>json.dumps(entries, sort_keys=True)</c> (entries sorted by relpath, ", " and ": "
/// separators, non-ASCII escaped), and the directory's hash is the md5 of those bytes followed by ".dir". Pure.
/// </summary>
public static class DvcDirListing
{
    public sealed record Entry(string RelativePath, string Md5);

    /// <summary>Reads a .dir object; keys other than md5 and relpath (newer DVC adds size, isexec) are ignored.</summary>
    /// <exception cref="FormatException">The bytes are not a list of entries with md5 and relpath.</exception>
    public static IReadOnlyList<Entry> Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = InputLimits.MaxDepth });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a DVC .dir object is a JSON list");
            }
            var entries = new List<Entry>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("md5", out var md5) || md5.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("relpath", out var relpath) || relpath.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException("every entry of a DVC .dir object has a string md5 and relpath");
                }
                entries.Add(new Entry(relpath.GetString()!, md5.GetString()!.ToLowerInvariant()));
            }
            return entries;
        }
        catch (JsonException e)
        {
            throw new FormatException($"a DVC .dir object is JSON, and this one is {UserMessage.Of(e)}", e);
        }
    }

    /// <summary>The bytes DVC hashes for a directory with these files (what its md5 with ".dir" is computed over).</summary>
    public static byte[] Encode(IEnumerable<Entry> entries)
    {
        var sb = new StringBuilder("[");
        bool first = true;
        foreach (var entry in entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal))
        {
            sb.Append(first ? "" : ", ").Append("{\"md5\": ");
            AppendPythonJsonString(sb, entry.Md5);
            sb.Append(", \"relpath\": ");
            AppendPythonJsonString(sb, entry.RelativePath);
            sb.Append('}');
            first = false;
        }
        return Encoding.UTF8.GetBytes(sb.Append(']').ToString());
    }

    /// <summary>A string as Python's json module writes it with ensure_ascii (its default).</summary>
    private static void AppendPythonJsonString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
