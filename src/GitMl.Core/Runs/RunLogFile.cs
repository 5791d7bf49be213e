using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GitMl.Core.Runs;

/// <summary>
/// The file a running command logs into, without any client library: `$GIT_ML_RUN_DIR/log.jsonl`, one JSON object
/// per line, appended. Shapes (docs/runs.md):
/// <c>{"metric":"loss","value":0.31,"step":12}</c> (step and "timestamp" in Unix ms optional),
/// <c>{"metrics":{"loss":0.31,"acc":0.9},"step":12}</c>, <c>{"param":"lr","value":0.01}</c>, <c>{"params":{...}}</c>,
/// <c>{"tag":"k","value":"v"}</c>, <c>{"tags":{...}}</c>, <c>{"artifact":"path/in/worktree"}</c>.
/// Appending a line costs the same however long the file is, so a million steps log in linear time.
/// </summary>
public static class RunLogFile
{
    public const string FileName = "log.jsonl";

    /// <summary>Unreadable lines named one by one; beyond that, one line counts the rest.</summary>
    private const int MaxWarnings = 5;

    /// <summary>Appends one line (an object without newlines) in a single write, so lines of concurrent loggers do not interleave.</summary>
    public static void Append(string runDirectory, string jsonLine)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(jsonLine + "\n");
        using var stream = new FileStream(Path.Combine(runDirectory, FileName), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        stream.Write(bytes);
    }

    /// <summary>A metric line as `git ml log metric` writes it.</summary>
    public static string MetricLine(string name, double value, long? step, long timestampMs) =>
        Line(w =>
        {
            w.WriteString("metric", name);
            if (step is { } s)
            {
                w.WriteNumber("step", s);
            }
            w.WriteNumber("timestamp", timestampMs);
            if (double.IsFinite(value))
            {
                w.WriteNumber("value", value);
            }
            else
            {
                w.WriteString("value", value.ToString(CultureInfo.InvariantCulture));
            }
        });

    /// <summary>A param, tag or artifact line: <paramref name="kind"/> is "param", "tag" or "artifact".</summary>
    public static string NamedLine(string kind, string name, string? value) =>
        Line(w =>
        {
            w.WriteString(kind, name);
            if (value is not null)
            {
                w.WriteString("value", value);
            }
        });

    /// <summary>Reads a log file in one pass. Lines that cannot be read become warnings with their line number; the rest are kept.</summary>
    public static RunLog Read(string path)
    {
        var log = new RunLog();
        if (!File.Exists(path))
        {
            return log;
        }
        using var reader = new StreamReader(path, Encoding.UTF8);
        int number = 0;
        int skipped = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            try
            {
                ReadLine(line, log);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                if (++skipped <= MaxWarnings)
                {
                    log.Warnings.Add($"{FileName} line {number}: {Describe(e)} (skipped)");
                }
            }
        }
        if (skipped > MaxWarnings)
        {
            log.Warnings.Add($"{FileName}: {skipped - MaxWarnings} more line(s) could not be read (skipped)");
        }
        return log;
    }

    private static void ReadLine(string line, RunLog log)
    {
        using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = InputLimits.MaxDepth });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a JSON object");
        }
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long timestamp = root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : now;
        long? step = root.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        bool known = false;
        if (root.TryGetProperty("metric", out var metric))
        {
            log.AddMetric(Name(metric, "metric"), Number(Value(root), "value"), step, timestamp);
            known = true;
        }
        if (root.TryGetProperty("metrics", out var metrics))
        {
            foreach (var p in Object(metrics, "metrics"))
            {
                log.AddMetric(p.Name, Number(p.Value, p.Name), step, timestamp);
            }
            known = true;
        }
        known |= ReadNamed(root, "param", "params", log.Params);
        known |= ReadNamed(root, "tag", "tags", log.Tags);
        if (root.TryGetProperty("artifact", out var artifact))
        {
            log.Artifacts.Add(Name(artifact, "artifact"));
            known = true;
        }
        if (!known)
        {
            throw new FormatException("no 'metric', 'metrics', 'param', 'params', 'tag', 'tags' or 'artifact' key");
        }
    }

    private static string Describe(Exception e) => e is JsonException ? "not valid JSON" : e.Message;

    private static bool ReadNamed(JsonElement root, string one, string many, Dictionary<string, string> into)
    {
        bool found = false;
        if (root.TryGetProperty(one, out var name))
        {
            into[Name(name, one)] = Text(Value(root));
            found = true;
        }
        if (root.TryGetProperty(many, out var all))
        {
            foreach (var p in Object(all, many))
            {
                into[p.Name] = Text(p.Value);
            }
            found = true;
        }
        return found;
    }

    private static JsonElement Value(JsonElement root) =>
        root.TryGetProperty("value", out var v) ? v : throw new FormatException("'value' is missing");

    private static JsonElement.ObjectEnumerator Object(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject() : throw new FormatException($"'{what}' is not an object");

    private static string Name(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } name ? name : throw new FormatException($"'{what}' is not a name");

    private static double Number(JsonElement e, string what) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw new FormatException($"the value of '{what}' is not a number"),
    };

    /// <summary>A param or tag value as text: strings as they are, other JSON values in their JSON spelling.</summary>
    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    private static string Line(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
