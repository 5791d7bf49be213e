using System.Text;
using System.Text.Json;
using GitMl.Core.IO;
using GitMl.Core.Metrics;

namespace GitMl.Core.Tests.IO;

/// <summary>Repository text is shown, never acted on by the terminal (issue 13.5).</summary>
public sealed class TerminalTextTests
{
    // Retitles the window, clears the screen, rings the bell, then a one-character CSI (C1) and a DEL.
    private const string Hostile = "run\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007fx";

    [Fact]
    public void Every_control_character_is_escaped_visibly()
    {
        Assert.Equal("run\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007fx", TerminalText.Escape(Hostile));
        for (char c = '\0'; c <= '\u009f'; c++)
        {
            if (char.IsControl(c))
            {
                Assert.DoesNotContain(c, TerminalText.Escape($"a{c}b"));
            }
        }
    }

    [Theory]
    [InlineData("\u200e")]
    [InlineData("\u200f")]
    [InlineData("\u202a")]
    [InlineData("\u202b")]
    [InlineData("\u202c")]
    [InlineData("\u202d")]
    [InlineData("\u202e")]
    [InlineData("\u2066")]
    [InlineData("\u2067")]
    [InlineData("\u2068")]
    [InlineData("\u2069")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    public void Characters_that_reorder_hide_or_break_text_are_escaped_as_u_hex(string c)
    {
        Assert.Equal($"a\\u{(int)c[0]:x4}b", TerminalText.Escape($"a{c}b"));
        Assert.Equal($"a\\u{(int)c[0]:x4}b", TerminalText.EscapeLines($"a{c}b"));
    }

    [Fact]
    public void One_line_text_escapes_layout_and_multi_line_text_keeps_it()
    {
        Assert.Equal("a\\tb\\nc\\rd", TerminalText.Escape("a\tb\nc\rd"));
        Assert.Equal("a\tb\nc\\rd", TerminalText.EscapeLines("a\tb\nc\rd"));
    }

    [Fact]
    public void Ordinary_text_is_unchanged_including_backslashes_and_non_ascii()
    {
        const string plain = "lr=0.1 C:\\runs\\ü 模型 — ok";
        Assert.Same(plain, TerminalText.Escape(plain));
        Assert.Same(plain, TerminalText.EscapeLines(plain));
        Assert.Equal("", TerminalText.Escape(null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_passes_through_the_escaping_writer_exactly(bool relaxed)
    {
        // git-ml's stdout escapes whatever passes through it, --json included: that must not change a value.
        string all = string.Concat(Enumerable.Range(0, 0xa0).Select(i => (char)i)) + "\u202e\u2028 ü";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = relaxed ? System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null }))
        {
            json.WriteStringValue(all);
        }
        string shown = TerminalText.EscapeLines(Encoding.UTF8.GetString(buffer.WrittenSpan));
        using var parsed = JsonDocument.Parse(shown);
        Assert.Equal(all, parsed.RootElement.GetString());
    }

    [Fact]
    public void The_writer_escapes_whatever_a_printer_writes_and_keeps_its_line_ends()
    {
        var inner = new StringWriter { NewLine = "\r\n" };
        var writer = new TerminalSafeWriter(inner);
        writer.WriteLine($"error: model '{Hostile}' not found");
        writer.Write('\u001b');
        writer.Write("\tok\n".ToCharArray(), 0, 4);
        writer.WriteLine();
        Assert.Equal("error: model 'run\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007fx' not found\r\n\\u001b\tok\n\r\n", inner.ToString());
    }

    private static readonly Table Hostile_table = new(["name", "lr"], [[Hostile + "\nsecond line", "-0.5"], ["=cmd|' /C calc'!A0", "a,\"b\""]]);

    [Fact]
    public void A_text_table_keeps_each_row_on_its_line()
    {
        string text = Hostile_table.ToText();
        Assert.Equal(3, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("run\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007fx\\nsecond line  -0.5", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void A_markdown_table_keeps_each_row_on_its_line_and_escapes_pipes()
    {
        string md = Hostile_table.ToMarkdown();
        Assert.Equal(4, md.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("| run\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007fx\\nsecond line | -0.5  |", md, StringComparison.Ordinal);
        Assert.Contains("=cmd\\|' /C calc'!A0", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_is_rfc_4180_quoted_with_controls_escaped_and_formulas_defused()
    {
        Assert.Equal(
            "name,lr\n" +
            "\"run\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007fx\nsecond line\",-0.5\n" +
            "'=cmd|' /C calc'!A0,\"a,\"\"b\"\"\"\n",
            Hostile_table.ToCsv());
    }
}
