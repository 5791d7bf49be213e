using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>
/// The canonical one-line JSON of a run and of an amendment (docs/spec/run-notes.md): keys in ordinal order at every
/// level, no spaces, ASCII only, times as ISO-8601 UTC with milliseconds, non-finite metric values as the strings
/// "NaN", "Infinity", "-Infinity". One valid encoding per value, so the same run is the same line in every clone and
/// `git notes merge -s cat_sort_uniq` collapses copies of it. Reading is lenient about key order but strict about
/// types: a line that is not a run or amendment of a known schema is rejected with the reason.
/// </summary>
public static class RunNoteFormat
{
    public const int SchemaVersion = 1;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static string Write(RunRecord run)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("branch", run.Branch);
            w.WriteStartArray("command");
            foreach (string part in run.Command)
            {
                w.WriteStringValue(part);
            }
            w.WriteEndArray();
            w.WriteString("commit", run.Commit);
            WriteFiles(w, "data", run.Data);
            if (run.DiffSha256 is not null)
            {
                w.WriteString("diff_sha256", run.DiffSha256);
            }
            w.WriteBoolean("dirty", run.Dirty);
            w.WriteString("end", Time(run.End));
            if (run.ExitCode is { } code)
            {
                w.WriteNumber("exit_code", code);
            }
            w.WriteString("git_ml_version", run.GitMlVersion);
            w.WriteString("host", run.Host);
            w.WriteString("id", run.Id.Hex);
            w.WriteString("kind", "run");
            WriteMetrics(w, run.Metrics);
            w.WriteString("name", run.Name);
            w.WriteString("os", run.Os);
            WriteFiles(w, "outputs", run.Outputs);
            WriteStrings(w, "params", run.Params);
            if (run.Parent is { } parent)
            {
                w.WriteString("parent", parent.Hex);
            }
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("start", Time(run.Start));
            w.WriteString("status", run.Status);
            WriteStrings(w, "tags", run.Tags);
            w.WriteString("user", run.User);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Write(RunAmendment amendment)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("at", Time(amendment.At));
            if (amendment.Deleted is { } deleted)
            {
                w.WriteBoolean("deleted", deleted);
            }
            w.WriteString("id", amendment.Run.Hex);
            w.WriteString("kind", "amend");
            w.WriteNumber("schema", SchemaVersion);
            w.WriteStartObject("tags");
            foreach (var (key, value) in amendment.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
            w.WriteString("user", amendment.User);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads one note line: a <see cref="RunRecord"/> or a <see cref="RunAmendment"/>.</summary>
    /// <exception cref="FormatException">Not JSON, not an object of a known kind and schema, or a field of the wrong type; the message says which.</exception>
    public static object Read(string line, string attachedTo) => RunNoteReader.Read(Encoding.UTF8.GetBytes(line), attachedTo);

    /// <inheritdoc cref="Read(string, string)"/>
    public static object Read(ReadOnlySpan<byte> utf8Line, string attachedTo) => RunNoteReader.Read(utf8Line, attachedTo);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void WriteFiles(Utf8JsonWriter w, string name, IReadOnlyList<RunFile> files)
    {
        w.WriteStartArray(name);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("oid", file.Oid.Hex);
            w.WriteString("path", file.Path);
            w.WriteNumber("size", file.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter w, IReadOnlyList<RunMetric> metrics)
    {
        w.WriteStartObject("metrics");
        foreach (var metric in metrics.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            w.WriteStartObject(metric.Name);
            w.WriteNumber("count", metric.Count);
            if (metric.HistoryOid is { } oid)
            {
                w.WriteString("history", oid.Hex);
            }
            if (metric.InlinePoints is { } points)
            {
                w.WriteStartArray("points");
                foreach (var point in points)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(point.Step);
                    WriteNumber(w, point.Value);
                    w.WriteNumberValue(point.TimestampMs);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("step", metric.Step);
            w.WritePropertyName("value");
            WriteNumber(w, metric.Value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Parses the one time format written (fixed width), by hand: it is read twice per run in every search.</summary>
    internal static DateTimeOffset ParseTime(string text, string name)
    {
        if (text.Length == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[23] == 'Z'
            && Digits(text, 0, 4, out int year) && Digits(text, 5, 2, out int month) && Digits(text, 8, 2, out int day)
            && Digits(text, 11, 2, out int hour) && Digits(text, 14, 2, out int minute) && Digits(text, 17, 2, out int second) && Digits(text, 20, 3, out int ms)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year == 0 ? 1 : year, month) && hour < 24 && minute < 60 && second < 60 && year > 0)
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, ms, TimeSpan.Zero);
        }
        throw new FormatException($"'{name}' is not a time like 2026-01-31T12:00:00.000Z");
    }

    private static bool Digits(string text, int at, int count, out int value)
    {
        value = 0;
        for (int i = at; i < at + count; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
            value = (value * 10) + (text[i] - '0');
        }
        return true;
    }
}
