using System.Text.Json.Nodes;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Params;

/// <summary>
/// A table of cases after the toml-test suite (github.com/toml-lang/toml-test, tests/valid and tests/invalid; each
/// row names the case it follows), written for what git-ml reads: a valid document gives the JSON tree shown
/// (git-ml's own choices apart: dates are refused, integers beyond 64 bits are read), an invalid one an error that
/// names params.toml and a line, in our words.
/// </summary>
public sealed class TomlComplianceTests
{
    public static TheoryData<string, string, string> Valid => new()
    {
        { "integer", "answer = 42\nneganswer = -42\nposanswer = +42\n", """{"answer":42,"neganswer":-42,"posanswer":42}""" },
        { "integer/underscore", "kilo = 1_000\nx = 1_1_1_1\n", """{"kilo":1000,"x":1111}""" },
        { "integer/literals", "bin1 = 0b11010110\noct1 = 0o01234567\nhex1 = 0xDEADBEEF\nhex2 = 0xdead_beef\n", """{"bin1":214,"oct1":342391,"hex1":3735928559,"hex2":3735928559}""" },
        { "integer/long", "int64-max = 9223372036854775807\nint64-min = -9223372036854775808\n", """{"int64-max":9223372036854775807,"int64-min":-9223372036854775808}""" },
        { "float/float", "pi = 3.14\npospi = +3.14\nnegpi = -3.14\nzero-intpart = 0.123\n", """{"pi":3.14,"pospi":3.14,"negpi":-3.14,"zero-intpart":0.123}""" },
        { "float/exponent", "lower = 3e2\nupper = 3E2\nneg = 3e-2\npos = 3E+2\nzero = 3e0\npointlower = 3.1e2\n", """{"lower":300.0,"upper":300.0,"neg":0.03,"pos":300.0,"zero":3.0,"pointlower":310.0}""" },
        { "float/underscore", "before = 3_141.5927\nafter = 3141.592_7\nexponent = 3e1_4\n", """{"before":3141.5927,"after":3141.5927,"exponent":3e+14}""" },
        { "bool/bool", "t = true\nf = false\n", """{"t":true,"f":false}""" },
        { "string/escapes", "backspace = \"|\\b.\"\ntab = \"|\\t.\"\nnewline = \"|\\n.\"\nquote = \"|\\\".\"\nbackslash = \"|\\\\.\"\nunicode = \"\\u00E9\\U0001F600\"\n",
            """{"backspace":"|\b.","tab":"|\t.","newline":"|\n.","quote":"|\".","backslash":"|\\.","unicode":"\u00E9\uD83D\uDE00"}""" },
        { "string/raw", "backslash = 'This string has a \\ backslash'\nquote = 'a \"quote\"'\n", """{"backslash":"This string has a \\ backslash","quote":"a \"quote\""}""" },
        { "string/multiline-quotes", "a = \"\"\"\"one quote\" \"\"\"\nb = '''two ''quotes'' here'''\nc = \"\"\"five\"\"\"\"\"\n", """{"a":"\"one quote\" ","b":"two ''quotes'' here","c":"five\"\""}""" },
        { "string/multiline-escaped-newline", "a = \"\"\"\nThe quick \\\n\n    brown fox\"\"\"\n", """{"a":"The quick brown fox"}""" },
        { "string/empty", "answer = \"\"\nraw = ''\n", """{"answer":"","raw":""}""" },
        { "key/quoted-dots", "plain = 1\n\"with.dot\" = 2\n[plain_table]\nplain = 3\n\"with.dot\" = 4\n", """{"plain":1,"with.dot":2,"plain_table":{"plain":3,"with.dot":4}}""" },
        { "key/dotted", "name.first = \"Tom\"\nmany.dots.here.dot.dot.dot = {m.m.m = 42}\n\"top\" . 'q' = 1\n", """{"name":{"first":"Tom"},"many":{"dots":{"here":{"dot":{"dot":{"dot":{"m":{"m":{"m":42}}}}}}}},"top":{"q":1}}""" },
        { "key/numeric-dotted", "1 = 1\n2.3 = 4\n", """{"1":1,"2":{"3":4}}""" },
        { "key/empty-quoted", "\"\" = \"blank\"\n", """{"":"blank"}""" },
        { "table/implicit-and-explicit-after", "[a.b.c]\nanswer = 42\n[a]\nbetter = 43\n", """{"a":{"b":{"c":{"answer":42}},"better":43}}""" },
        { "table/sub-after-dotted", "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n", """{"fruit":{"apple":{"color":"red","taste":{"sweet":true},"texture":{"smooth":true}}}}""" },
        { "table/whitespace", "[ a . b ]\nc = 1\n", """{"a":{"b":{"c":1}}}""" },
        { "array/array", "ints = [1, 2, 3, ]\nmixed = [1, \"a\", [2.5], {x = 1}]\nnested = [[1, 2], [\"a\"]]\nempty = []\n", """{"ints":[1,2,3],"mixed":[1,"a",[2.5],{"x":1}],"nested":[[1,2],["a"]],"empty":[]}""" },
        { "array/table-array", "[[albums]]\nname = \"Born\"\n[[albums.songs]]\nname = \"Jungleland\"\n[[albums]]\nname = \"Nebraska\"\n", """{"albums":[{"name":"Born","songs":[{"name":"Jungleland"}]},{"name":"Nebraska"}]}""" },
        { "array/table-array-subtable", "[[a]]\n[a.b]\nc = 1\n[[a]]\n[a.b]\nc = 2\n", """{"a":[{"b":{"c":1}},{"b":{"c":2}}]}""" },
        { "inline-table/nest", "tbl_tbl_empty = { tbl_0 = {} }\narr_tbl_tbl = [ { tbl = { one = 1 } } ]\n", """{"tbl_tbl_empty":{"tbl_0":{}},"arr_tbl_tbl":[{"tbl":{"one":1}}]}""" },
        { "inline-table/key-dotted", "a = {b.c = 1, b.d = 2}\n", """{"a":{"b":{"c":1,"d":2}}}""" },
        { "comment/everywhere", "# top\n[group] # after header\nanswer = 42 # after value\nmore = [ # in array\n  42, # item\n]\n", """{"group":{"answer":42,"more":[42]}}""" },
        { "newline/crlf", "os = \"DOS\"\r\nnewline = \"crlf\"\r\n", """{"os":"DOS","newline":"crlf"}""" },
        { "empty-file", "", "{}" },
    };

    public static TheoryData<string, string, int> Invalid => new()
    {
        { "key/duplicate", "name = \"Tom\"\nname = \"Pradyun\"\n", 2 },
        { "key/duplicate-keys-dotted", "a.b = 1\na.b = 2\n", 2 },
        { "key/no-eol", "a = 1 b = 2\n", 1 },
        { "key/without-value", "key\n", 1 },
        { "key/without-value-2", "key = \n", 1 },
        { "key/bare-invalid-character", "bare!key = 123\n", 1 },
        { "key/newline", "barekey\n   = 123\n", 1 },
        { "table/duplicate", "[a]\nb = 1\n\n[a]\nc = 2\n", 4 },
        { "table/duplicate-key-table", "[fruit]\ntype = \"apple\"\n\n[fruit.type]\napple = \"yes\"\n", 4 },
        { "table/duplicate-key-dotted-table", "[fruit]\napple.color = \"red\"\n\n[fruit.apple]\n", 4 },
        { "table/injection-1", "[a.b.c]\n  z = 9\n[a]\n  b.c.t = \"no\"\n", 4 },
        { "table/array-implicit", "[[albums.songs]]\nname = \"Glory Days\"\n\n[[albums]]\nname = \"Born in the USA\"\n", 4 },
        { "table/duplicate-table-array", "[tbl]\n[[tbl]]\n", 2 },
        { "table/duplicate-table-array2", "[[tbl]]\n[tbl]\n", 2 },
        { "table/empty", "[]\na = 1\n", 1 },
        { "table/unclosed", "[a\nb = 1\n", 1 },
        { "array/extending-table", "a = [{ b = 1 }]\n\n[a.c]\nfoo = 1\n", 3 },
        { "array/tables-static", "fruit = []\n\n[[fruit]]\n", 3 },
        { "array/missing-separator", "arr = [1 2]\n", 1 },
        { "inline-table/missing-separator", "t = {a = 1 b = 2}\n", 1 },
        { "array/no-close", "long_array = [ 1, 2, 3\n", 2 },
        { "inline-table/add", "a = { b = 1 }\na.c = 2\n", 2 },
        { "inline-table/overwrite", "a.b = 0\na = {}\n", 2 },
        { "inline-table/nested_key_conflict", "tbl = { fruit = { apple.color = \"red\" }, fruit.apple.texture = { smooth = true } }\n", 1 },
        { "inline-table/spec-3-0", "\n[product]\ntype.name = \"Nail\"\ntype = { edible = false }\n", 4 },
        { "integer/leading-zero", "leading-zero = 01\n", 1 },
        { "integer/double-underscore", "x = 1__0\n", 1 },
        { "integer/trailing-underscore", "x = 10_\n", 1 },
        { "integer/invalid-hex", "x = 0xG1\n", 1 },
        { "float/no-leading-digit", "x = .5\n", 1 },
        { "float/no-trailing-digit", "x = 1.\n", 1 },
        { "float/exponent-double-e", "x = 1ee2\n", 1 },
        { "float/trailing-us-exp", "x = 1_e2\n", 1 },
        { "string/bad-escape", "invalid-escape = \"This string has a bad \\a escape character.\"\n", 1 },
        { "string/no-close", "no-ending-quote = \"One time, at band camp\n", 1 },
        { "string/bad-surrogate", "x = \"\\uD801\"\n", 1 },
        { "string/multiline-no-close", "x = \"\"\"\nnot closed\n", 2 },
        { "bool/wrong-case", "b = TRUE\n", 1 },
        { "bool/just-t", "b = t\n", 1 },
        { "control/bare-null", "x = \"a\u0000b\"\n", 1 },
        { "git-ml/date-is-refused", "a = 1\nb = 1979-05-27T07:32:00Z\n", 2 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_documents_read_as_the_tree_shown(string name, string toml, string json)
    {
        var tree = ParamsFile.Parse(toml, "params.toml");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), tree), $"{name}: {tree.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_documents_are_refused_naming_the_line(string name, string toml, int line)
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(toml, "params.toml"));
        Assert.Equal("params.toml", e.File);
        Assert.True(line == e.Line, $"{name}: line {e.Line}, expected {line}: {e.Problem}");
        Assert.StartsWith("not valid TOML: ", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Infinity_and_nan_read_as_floats()
    {
        var tree = ParamsFile.Parse("nan = nan\nnan_neg = -nan\nnan_plus = +nan\ninfinity = inf\ninfinity_neg = -inf\ninfinity_plus = +inf\n", "params.toml");
        Assert.True(double.IsNaN(tree["nan"]!.GetValue<double>()));
        Assert.True(double.IsNaN(tree["nan_neg"]!.GetValue<double>()));
        Assert.True(double.IsNaN(tree["nan_plus"]!.GetValue<double>()));
        Assert.Equal(double.PositiveInfinity, tree["infinity"]!.GetValue<double>());
        Assert.Equal(double.NegativeInfinity, tree["infinity_neg"]!.GetValue<double>());
        Assert.Equal(double.PositiveInfinity, tree["infinity_plus"]!.GetValue<double>());
    }

    [Fact]
    public void Integers_beyond_64_bits_read_exactly_as_python_does()
    {
        var tree = ParamsFile.Parse("big = 18446744073709551616\nneg = -9223372036854775809\nhex = 0x1_0000_0000_0000_0000\n", "params.toml");
        Assert.Equal("18446744073709551616", tree["big"]!.ToJsonString());
        Assert.Equal("-9223372036854775809", tree["neg"]!.ToJsonString());
        Assert.Equal("18446744073709551616", tree["hex"]!.ToJsonString());
        Assert.True(ParamValues.IsInteger(tree["big"]));
    }
}
