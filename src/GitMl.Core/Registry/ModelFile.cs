using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GitMl.Core.Registry;

/// <summary>
/// The canonical encoding of a <see cref="ModelRecord"/> as NAME.json in the registry tree (docs/spec/registry.md):
/// UTF-8 JSON, two-space indent, LF line ends and a final newline, keys in a fixed order, maps sorted by key
/// (ordinal), versions by number, events in the order they happened, every key always present (null when empty),
/// times as UTC "yyyy-MM-ddTHH:mm:ssZ". One record has exactly one encoding, so unchanged models produce identical
/// blobs and diffs and merges stay small. Written by hand with <see cref="Utf8JsonWriter"/> and read with
/// <see cref="JsonDocument"/>: no reflection, which the NativeAOT binary does not have.
/// </summary>
public static class ModelFile
{
    /// <summary>The schema version written in every file; a reader refuses a newer one instead of misreading it.</summary>
    public const int SchemaVersion = 1;

    public const string Extension = ".json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Keeps "Name <email>" and non-ASCII names readable; the file is never embedded in HTML.
    };

    public static string FileName(string model) => RegistryNames.ValidateModel(model) + Extension;

    public static byte[] Encode(ModelRecord model)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("name", model.Name);
            w.WriteNumber("lastVersion", model.LastVersion);
            WriteIntMap(w, "stages", model.Stages);
            WriteIntMap(w, "previous", model.Previous);
            WriteIntMap(w, "aliases", model.Aliases);
            w.WriteStartArray("versions");
            foreach (var version in model.Versions.OrderBy(v => v.Number))
            {
                WriteVersion(w, version);
            }
            w.WriteEndArray();
            w.WriteStartArray("events");
            foreach (var e in model.Events)
            {
                WriteEvent(w, e);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <param name="source">Names the file in errors, e.g. "refs/ml/registry:customer-churn-rf.json".</param>
    public static ModelRecord Decode(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = InputLimits.MaxDepth });
            var root = doc.RootElement;
            int schema = root.GetProperty("schema").GetInt32();
            if (schema > SchemaVersion)
            {
                throw new FormatException($"{source} has registry schema {schema}; this git-ml reads schema {SchemaVersion}: upgrade git-ml");
            }
            var versions = root.GetProperty("versions").EnumerateArray().Select(ReadVersion).OrderBy(v => v.Number).ToList();
            var events = root.GetProperty("events").EnumerateArray().Select(ReadEvent).ToList();
            var model = new ModelRecord(
                RegistryNames.ValidateModel(root.GetProperty("name").GetString() ?? ""),
                root.GetProperty("lastVersion").GetInt32(),
                ReadIntMap(root.GetProperty("stages")),
                ReadIntMap(root.GetProperty("previous")),
                ReadIntMap(root.GetProperty("aliases")),
                versions,
                events);
            Validate(model);
            return model;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"{source} is not a valid registry model file: {UserMessage.Of(e)}", e);
        }
    }

    /// <summary>
    /// What the rules guarantee, checked on read so a hand-edited or damaged file is refused instead of acted on:
    /// unique version numbers up to lastVersion; stages and rollback slots only Staging/Production; valid aliases;
    /// every stage, alias and rollback slot on a version that exists and is not deleted.
    /// </summary>
    private static void Validate(ModelRecord model)
    {
        if (model.Versions.Select(v => v.Number).Distinct().Count() != model.Versions.Count || model.Versions.Any(v => v.Number < 1 || v.Number > model.LastVersion))
        {
            throw new ArgumentException($"version numbers must be unique, from 1 to lastVersion ({model.LastVersion})");
        }
        foreach (string stage in model.Stages.Keys.Concat(model.Previous.Keys))
        {
            if (stage is not (ModelStage.Staging or ModelStage.Production))
            {
                throw new ArgumentException($"'{stage}' is not a stage that holds a version (Staging, Production)");
            }
        }
        foreach (string alias in model.Aliases.Keys)
        {
            RegistryNames.ValidateAlias(alias);
        }
        foreach (var (slot, number) in model.Stages.Concat(model.Previous).Concat(model.Aliases))
        {
            if (model.Find(number) is not { IsDeleted: false })
            {
                throw new ArgumentException($"'{slot}' points at version {number}, which does not exist or is deleted");
            }
        }
    }

    /// <summary>The canonical time format: UTC, whole seconds.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A time as the file keeps it (whole seconds, UTC), so a record round-trips exactly.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => ParseTime(FormatTime(time));

    private static void WriteVersion(Utf8JsonWriter w, ModelVersion v)
    {
        w.WriteStartObject();
        w.WriteNumber("version", v.Number);
        w.WriteString("kind", v.Kind);
        w.WriteString("oid", v.Oid);
        w.WriteNumber("size", v.Size);
        w.WriteString("path", v.Path);
        WriteNullable(w, "commit", v.Commit);
        WriteNullable(w, "run", v.RunId);
        WriteNullable(w, "semver", v.Semver);
        w.WriteString("user", v.User);
        w.WriteString("time", FormatTime(v.Time));
        w.WriteString("message", v.Message);
        w.WriteStartObject("params");
        foreach (var (key, value) in v.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
        w.WriteStartObject("metrics");
        foreach (var (key, value) in v.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"metric {key} is {value}: the registry keeps finite numbers only");
            }
            w.WriteNumber(key, value);
        }
        w.WriteEndObject();
        w.WriteStartArray("data");
        foreach (var d in v.Data.OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("path", d.Path);
            w.WriteString("oid", d.Oid);
            w.WriteNumber("size", d.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteNullable(w, "archived", v.Archived is { } a ? FormatTime(a) : null);
        WriteNullable(w, "deleted", v.Deleted is { } d2 ? FormatTime(d2) : null);
        if (v.ManifestSize is long manifestSize)
        {
            w.WriteNumber("manifestSize", manifestSize);
        }
        else
        {
            w.WriteNull("manifestSize");
        }
        w.WriteEndObject();
    }

    private static ModelVersion ReadVersion(JsonElement e)
    {
        string kind = e.GetProperty("kind").GetString() ?? "";
        if (kind is not ("file" or "directory"))
        {
            throw new ArgumentException($"kind '{kind}' is neither file nor directory");
        }
        string oid = e.GetProperty("oid").GetString() ?? "";
        if (!Objects.ObjectId.IsValidHex(oid))
        {
            throw new ArgumentException($"'{oid}' is not a 64-hex sha256 oid");
        }
        return new ModelVersion(
            e.GetProperty("version").GetInt32(),
            oid,
            e.GetProperty("size").GetInt64(),
            kind == "directory",
            e.GetProperty("path").GetString() ?? "",
            NullableString(e, "commit"),
            NullableString(e, "run"),
            e.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            e.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal),
            e.GetProperty("data").EnumerateArray().Select(d => new RunArtifact(d.GetProperty("path").GetString() ?? "", d.GetProperty("oid").GetString() ?? "", d.GetProperty("size").GetInt64())).ToList(),
            e.GetProperty("user").GetString() ?? "",
            ParseTime(e.GetProperty("time").GetString() ?? ""),
            e.GetProperty("message").GetString() ?? "",
            NullableString(e, "semver"),
            NullableString(e, "archived") is { } a ? ParseTime(a) : null,
            NullableString(e, "deleted") is { } d2 ? ParseTime(d2) : null,
            e.GetProperty("manifestSize") is { ValueKind: JsonValueKind.Number } m ? m.GetInt64() : null);
    }

    private static void WriteEvent(Utf8JsonWriter w, ModelEvent e)
    {
        w.WriteStartObject();
        w.WriteString("time", FormatTime(e.Time));
        w.WriteString("user", e.User);
        w.WriteString("action", e.Action);
        w.WriteNumber("version", e.Version);
        w.WriteString("from", e.From);
        w.WriteString("to", e.To);
        w.WriteString("message", e.Message);
        w.WriteString("detail", e.Detail);
        w.WriteEndObject();
    }

    private static ModelEvent ReadEvent(JsonElement e) => new(
        ParseTime(e.GetProperty("time").GetString() ?? ""),
        e.GetProperty("user").GetString() ?? "",
        e.GetProperty("action").GetString() ?? "",
        e.GetProperty("version").GetInt32(),
        e.GetProperty("from").GetString() ?? "",
        e.GetProperty("to").GetString() ?? "",
        e.GetProperty("message").GetString() ?? "",
        e.GetProperty("detail").GetString() ?? "");

    private static void WriteIntMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }
        w.WriteEndObject();
    }

    private static Dictionary<string, int> ReadIntMap(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string? NullableString(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    /// <summary>The canonical text, for tests and diagnostics.</summary>
    public static string EncodeText(ModelRecord model) => Encoding.UTF8.GetString(Encode(model));
}
