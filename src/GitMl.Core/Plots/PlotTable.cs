using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core.Drift;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Plots;

/// <summary>
/// A plots data file as rows of named values, read as DVC reads them: CSV and TSV with a header row; JSON and YAML as a
/// list of records, or a mapping whose first list of records holds them. At most <see cref="MaxRows"/> rows are read.
/// </summary>
public sealed record PlotTable(IReadOnlyList<string> Fields, IReadOnlyList<IReadOnlyDictionary<string, JsonNode?>> Rows, bool Truncated)
{
    public const int MaxRows = 200_000;

    /// <exception cref="PipelineFormatException">The file is not of a format git-ml reads, or not valid; the message names it.</exception>
    public static PlotTable Parse(byte[] bytes, string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => Delimited(bytes, path, ','),
            ".tsv" => Delimited(bytes, path, '\t'),
            ".json" => Records(JsonSource.Load(Text(bytes, path), path), path),
            ".yaml" or ".yml" => Records(YamlSource.Load(Text(bytes, path), path)?.ToJson(), path),
            _ => throw new PipelineFormatException(path, null, $"plots data is CSV, TSV, JSON or YAML, not `{extension}`"),
        };
    }

    private static string Text(byte[] bytes, string path)
    {
        string text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        InputLimits.CheckSize(text, path);
        return text;
    }

    private static PlotTable Delimited(byte[] bytes, string path, char delimiter)
    {
        using var reader = new CsvRecordReader(new MemoryStream(bytes, writable: false), path, delimiter);
        if (!reader.Read())
        {
            return new PlotTable([], [], false);
        }
        string[] header = reader.Fields();
        var rows = new List<IReadOnlyDictionary<string, JsonNode?>>();
        while (reader.Read())
        {
            if (rows.Count == MaxRows)
            {
                return new PlotTable(header, rows, true);
            }
            var row = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length && i < reader.FieldCount; i++)
            {
                string cell = reader[i].ToString();
                row[header[i]] = double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(cell);
            }
            rows.Add(row);
        }
        return new PlotTable(header, rows, false);
    }

    private static PlotTable Records(JsonNode? root, string path)
    {
        var list = root as JsonArray
            ?? (root as JsonObject)?.Select(e => e.Value).OfType<JsonArray>().FirstOrDefault()
            ?? throw new PipelineFormatException(path, null, "plots data in JSON or YAML is a list of records ({\"step\": 1, \"loss\": 0.5}), or a mapping holding one");
        var fields = new List<string>();
        var rows = new List<IReadOnlyDictionary<string, JsonNode?>>();
        foreach (var item in list.Take(MaxRows))
        {
            if (item is not JsonObject record)
            {
                throw new PipelineFormatException(path, null, "each entry of the plots data is a record of named values");
            }
            var row = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (key, value) in record)
            {
                if (!fields.Contains(key))
                {
                    fields.Add(key);
                }
                row[key] = value is JsonValue ? value.DeepClone() : JsonValue.Create(value?.ToJsonString());
            }
            rows.Add(row);
        }
        return new PlotTable(fields, rows, list.Count > MaxRows);
    }
}
