namespace GitMl.Core.Drift;

/// <summary>
/// One streaming pass over a delimited file with a header row: every cell goes to its column's
/// <see cref="ColumnScan"/>, nothing else is kept. Column names repeated in the header are made unique the way pandas
/// does (<c>a</c>, <c>a.1</c>, <c>a.2</c>), so every column can be matched by name.
/// </summary>
internal sealed class TableScan
{
    private TableScan(IReadOnlyList<string> columns, IReadOnlyList<ColumnScan> scans, long rows)
    {
        Columns = columns;
        Scans = scans;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<ColumnScan> Scans { get; }

    public long Rows { get; }

    /// <summary>Reads the whole stream (and disposes it), making each column's scan with <paramref name="scanFor"/>.</summary>
    /// <exception cref="CsvFormatException">No header, a row with the wrong number of fields, or a quoting error.</exception>
    public static TableScan Read(Stream stream, string file, char delimiter, Func<string, ColumnScan> scanFor)
    {
        using var reader = new CsvRecordReader(stream, file, delimiter);
        if (!reader.Read())
        {
            throw new CsvFormatException(file, 1, "the file is empty; a CSV needs a header row naming the columns");
        }
        var columns = UniqueNames(reader.Fields());
        var scans = columns.Select(scanFor).ToArray();
        long rows = 0;
        while (reader.Read())
        {
            if (reader.FieldCount != scans.Length)
            {
                throw new CsvFormatException(file, reader.LineNumber,
                    $"this row has {reader.FieldCount} fields but the header has {scans.Length}; every row needs one field per column "
                    + $"(put a field that contains {(delimiter == '\t' ? "a tab" : $"'{delimiter}'")}, a quote or a line break in double quotes)");
            }
            for (int i = 0; i < scans.Length; i++)
            {
                scans[i].Add(reader[i]);
            }
            rows++;
        }
        return new TableScan(columns, scans, rows);
    }

    private static string[] UniqueNames(string[] header)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[header.Length];
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i];
            for (int n = 1; !seen.Add(name); n++)
            {
                name = $"{header[i]}.{n}";
            }
            names[i] = name;
        }
        return names;
    }
}
