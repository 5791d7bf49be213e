using System.Buffers;
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
/// blobs and diffs and merges stay small. The file's shape is <see cref="ModelFileJson"/>, (de)serialized by
/// source-generated System.Text.Json (no reflection, which the NativeAOT binary does not have); this class maps it to
/// and from the record and puts everything in canonical order before it is written.
/// </summary>
public static class ModelFile
{
    /// <summary>The schema version written in every file; a reader refuses a newer one instead of misreading it.</summary>
    public const int SchemaVersion = 1;

    public const string Extension = ".json";

    /// <summary>
    /// The options the file is written and read with: "Name &lt;email&gt;" and non-ASCII names stay readable (the file
    /// is never embedded in HTML), and nesting is bounded as for every input.
    /// </summary>
    private static readonly ModelFileJsonContext Json = new(new JsonSerializerOptions(ModelFileJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = InputLimits.MaxDepth,
    });

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string FileName(string model) => RegistryNames.ValidateModel(model) + Extension;

    public static byte[] Encode(ModelRecord model)
    {
        var file = new ModelFileJson
        {
            Schema = SchemaVersion,
            Name = model.Name,
            LastVersion = model.LastVersion,
            Stages = Sorted(model.Stages),
            Previous = Sorted(model.Previous),
            Aliases = Sorted(model.Aliases),
            Versions = [.. model.Versions.OrderBy(v => v.Number).Select(ToJson)],
            Events = [.. model.Events.Select(ToJson)],
        };
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, file, Json.ModelFileJson);
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <param name="source">Names the file in errors, e.g. "refs/ml/registry:customer-churn-rf.json".</param>
    public static ModelRecord Decode(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            // The schema first, on its own: a newer file is refused for what it is, not for a key this reader lacks.
            if (SchemaOf(bytes) > SchemaVersion)
            {
                throw new FormatException($"{source} has registry schema {SchemaOf(bytes)}; this git-ml reads schema {SchemaVersion}: upgrade git-ml");
            }
            var file = JsonSerializer.Deserialize(bytes, Json.ModelFileJson)
                ?? throw new JsonException("the file is null, not an object");
            var model = new ModelRecord(
                RegistryNames.ValidateModel(file.Name),
                file.LastVersion,
                new Dictionary<string, int>(file.Stages, StringComparer.Ordinal),
                new Dictionary<string, int>(file.Previous, StringComparer.Ordinal),
                new Dictionary<string, int>(file.Aliases, StringComparer.Ordinal),
                [.. file.Versions.Select(FromJson).OrderBy(v => v.Number)],
                [.. file.Events.Select(FromJson)]);
            Validate(model);
            return model;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"{source} is not a valid registry model file: {UserMessage.Of(e)}", e);
        }
    }

    /// <summary>The top-level "schema" number, read without building the document.</summary>
    private static int SchemaOf(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = InputLimits.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the file is not a JSON object");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isSchema = reader.ValueTextEquals("schema"u8);
            reader.Read();
            if (isSchema)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int schema)
                    ? schema
                    : throw new JsonException("\"schema\" is not a whole number");
            }
            reader.Skip();
        }
        throw new KeyNotFoundException("the key \"schema\" is missing");
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

    /// <summary>The map in ordinal key order, kept in that order when it is written.</summary>
    private static OrderedDictionary<string, T> Sorted<T>(IReadOnlyDictionary<string, T> map)
    {
        var sorted = new OrderedDictionary<string, T>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sorted.Add(key, value);
        }
        return sorted;
    }

    private static ModelFileVersion ToJson(ModelVersion v)
    {
        foreach (var (key, value) in v.Metrics)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"metric {key} is {value}: the registry keeps finite numbers only");
            }
        }
        return new ModelFileVersion
        {
            Version = v.Number,
            Kind = v.Kind,
            Oid = v.Oid,
            Size = v.Size,
            Path = v.Path,
            Commit = v.Commit,
            Run = v.RunId,
            Semver = v.Semver,
            User = v.User,
            Time = FormatTime(v.Time),
            Message = v.Message,
            Params = Sorted(v.Params),
            Metrics = Sorted(v.Metrics),
            Data = [.. v.Data.OrderBy(d => d.Path, StringComparer.Ordinal).Select(d => new ModelFileData { Path = d.Path, Oid = d.Oid, Size = d.Size })],
            Archived = v.Archived is { } a ? FormatTime(a) : null,
            Deleted = v.Deleted is { } d ? FormatTime(d) : null,
            ManifestSize = v.ManifestSize,
        };
    }

    private static ModelVersion FromJson(ModelFileVersion v)
    {
        if (v.Kind is not ("file" or "directory"))
        {
            throw new ArgumentException($"kind '{v.Kind}' is neither file nor directory");
        }
        if (!Objects.ObjectId.IsValidHex(v.Oid))
        {
            throw new ArgumentException($"'{v.Oid}' is not a 64-hex sha256 oid");
        }
        return new ModelVersion(
            v.Version,
            v.Oid,
            v.Size,
            v.Kind == "directory",
            v.Path,
            v.Commit,
            v.Run,
            new Dictionary<string, string>(v.Params, StringComparer.Ordinal),
            new Dictionary<string, double>(v.Metrics, StringComparer.Ordinal),
            [.. v.Data.Select(d => new RunArtifact(d.Path, d.Oid, d.Size))],
            v.User,
            ParseTime(v.Time),
            v.Message,
            v.Semver,
            v.Archived is { } a ? ParseTime(a) : null,
            v.Deleted is { } d ? ParseTime(d) : null,
            v.ManifestSize);
    }

    private static ModelFileEvent ToJson(ModelEvent e) => new()
    {
        Time = FormatTime(e.Time),
        User = e.User,
        Action = e.Action,
        Version = e.Version,
        From = e.From,
        To = e.To,
        Message = e.Message,
        Detail = e.Detail,
    };

    private static ModelEvent FromJson(ModelFileEvent e) => new(ParseTime(e.Time), e.User, e.Action, e.Version, e.From, e.To, e.Message, e.Detail);

    /// <summary>The canonical text, for tests and diagnostics.</summary>
    public static string EncodeText(ModelRecord model) => Encoding.UTF8.GetString(Encode(model));
}
