using System.Text;
using GitMl.Core.Drift;

namespace GitMl.Core.Tests.Drift;

public sealed class CsvRecordReaderTests
{
    private static List<string[]> ReadAll(string text, char delimiter = ',', Encoding? encoding = null)
    {
        var bytes = (encoding ?? new UTF8Encoding(false)).GetBytes(text);
        if (encoding is not null)
        {
            bytes = [.. encoding.GetPreamble(), .. bytes];
        }
        using var reader = new CsvRecordReader(new MemoryStream(bytes), "t.csv", delimiter);
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add(reader.Fields());
        }
        return records;
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_line_breaks_and_doubled_quotes()
    {
        var records = ReadAll("a,b,c\n\"x, y\",\"line1\nline2\",\"say \"\"hi\"\"\"\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(["x, y", "line1\nline2", "say \"hi\""], records[1]);
    }

    [Fact]
    public void Crlf_lf_and_cr_all_end_records_and_a_crlf_inside_quotes_is_kept()
    {
        var records = ReadAll("a,b\r\n1,\"p\r\nq\"\r\n2,3\n4,5\r6,7");
        Assert.Equal([["a", "b"], ["1", "p\r\nq"], ["2", "3"], ["4", "5"], ["6", "7"]], records);
    }

    [Fact]
    public void Empty_fields_and_a_trailing_empty_field_are_fields()
    {
        Assert.Equal([["a", "", "c"], ["", "", ""]], ReadAll("a,,c\n,,\n"));
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        Assert.Equal([["a"], ["1"], ["2"]], ReadAll("a\n\n1\r\n\r\n2\n\n"));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        Assert.Equal([["a", "b"], ["1", "2"]], ReadAll("a,b\n1,2\n", encoding: new UTF8Encoding(true)));
    }

    [Fact]
    public void Tab_separated_fields_keep_commas()
    {
        Assert.Equal([["a", "b"], ["1,5", "x y"]], ReadAll("a\tb\n1,5\tx y\n", '\t'));
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_literal()
    {
        Assert.Equal([["5\" disk"]], ReadAll("5\" disk\n"));
    }

    [Fact]
    public void Line_numbers_count_physical_lines_including_those_inside_quotes()
    {
        using var reader = new CsvRecordReader(new MemoryStream("a\n\"x\ny\"\n\nz\n"u8.ToArray()), "t.csv", ',');
        var lines = new List<long>();
        while (reader.Read())
        {
            lines.Add(reader.LineNumber);
        }
        Assert.Equal([1L, 2L, 5L], lines);
    }

    [Fact]
    public void An_unterminated_quote_names_the_file_and_the_line_where_the_field_starts()
    {
        var error = Assert.Throws<CsvFormatException>(() => ReadAll("a,b\n1,2\n3,\"open\nmore\n"));
        Assert.Equal("t.csv", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("unterminated quote", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.csv:3: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error_on_its_line()
    {
        var error = Assert.Throws<CsvFormatException>(() => ReadAll("a\n\"x\"y\n"));
        Assert.Equal(2, error.Line);
        Assert.Contains("must be doubled", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_longer_than_the_buffers_are_read_whole()
    {
        string big = new('v', 200_000);
        Assert.Equal([["a", "b"], [big, "x"]], ReadAll($"a,b\n\"{big}\",x\n"));
    }
}
