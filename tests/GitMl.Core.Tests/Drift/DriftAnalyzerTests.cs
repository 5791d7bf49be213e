using System.Text.Json;
using GitMl.Core.Drift;
using static GitMl.Core.Tests.Drift.DriftData;

namespace GitMl.Core.Tests.Drift;

public sealed class DriftAnalyzerTests
{
    private static readonly string Reference = Table(5000, seed: 1);

    private static DriftReport Compare(string current, DriftOptions? options = null) =>
        DriftAnalyzer.Compare(Input("train.csv", Reference), Input("new.csv", current), options ?? DriftOptions.Default);

    [Fact]
    public void Identical_hashes_end_the_check_without_reading_anything()
    {
        string oid = new('a', 64);
        var never = new DriftInput("train.csv", oid, () => throw new InvalidOperationException("must not be opened"));
        var report = DriftAnalyzer.Compare(never, never with { Name = "new.csv", Sha256 = oid.ToUpperInvariant() }, DriftOptions.Default);
        Assert.False(report.Drifted);
        Assert.True(report.HashesIdentical);
        var file = Assert.Single(report.Files);
        Assert.False(file.ColumnsCompared);
        Assert.Empty(file.Columns);
    }

    [Fact]
    public void The_same_content_without_known_hashes_is_hashed_and_is_no_drift()
    {
        var report = Compare(Reference);
        Assert.False(report.Drifted);
        Assert.True(report.HashesIdentical);
    }

    [Fact]
    public void A_new_sample_of_the_same_distribution_is_no_drift()
    {
        var report = Compare(Table(4000, seed: 2));
        Assert.False(report.Drifted);
        Assert.False(report.HashesIdentical);
        var file = Assert.Single(report.Files);
        Assert.True(file.ColumnsCompared);
        Assert.Equal(5000, file.ReferenceRows);
        Assert.Equal(4000, file.CurrentRows);
        Assert.Equal(["id", "x", "y", "city"], file.Columns.Select(c => c.Name));
        Assert.All(file.Columns, c => Assert.True(c.Psi < 0.05, $"{c.Name}: PSI {c.Psi}"));
        Assert.All(file.Columns, c => Assert.Equal("within thresholds", c.Reason));
    }

    [Fact]
    public void A_numeric_column_shifted_by_three_standard_deviations_drifts_alone()
    {
        var report = Compare(Table(5000, seed: 2, xMean: 3));
        Assert.True(report.Drifted);
        var file = Assert.Single(report.Files);
        var x = Column(report, "x");
        Assert.True(x.Drifted);
        Assert.Equal(ColumnKind.Numeric, x.Kind);
        Assert.True(x.Psi > 0.2, $"PSI {x.Psi}");
        Assert.StartsWith("PSI ", x.Reason, StringComparison.Ordinal);
        Assert.Equal(0, x.Reference!.Mean!.Value, 1);
        Assert.Equal(3, x.Current!.Mean!.Value, 1);
        Assert.Equal(1, x.Current.StdDev!.Value, 1);
        Assert.Equal(["x"], file.Columns.Where(c => c.Drifted).Select(c => c.Name));
        Assert.All(file.Columns.Where(c => c.Name is "y" or "city"), c => Assert.True(c.Psi < 0.2, $"{c.Name}: PSI {c.Psi}"));
        Assert.Contains("1 of 4 columns drifted: x", file.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_categorical_shift_drifts_with_the_expected_psi()
    {
        var report = Compare(Table(5000, seed: 2, cityWeights: [0.1, 0.2, 0.3, 0.4]));
        var city = Column(report, "city");
        Assert.Equal(ColumnKind.Categorical, city.Kind);
        Assert.True(city.Drifted);
        // Exact weights give 0.3 ln 4 + 0.3 ln 4 + 0.1 ln 1.5 + 0.1 ln 1.5 = 0.913; the samples are close to that.
        Assert.InRange(city.Psi!.Value, 0.8, 1.05);
        Assert.Null(city.Current!.Mean);
        Assert.Equal(["city"], report.Files[0].Columns.Where(c => c.Drifted).Select(c => c.Name));
    }

    [Fact]
    public void A_rise_in_nulls_drifts_on_the_null_fraction()
    {
        var report = Compare(Table(5000, seed: 2, yNullEvery: 3));
        var y = Column(report, "y");
        Assert.True(y.Drifted);
        Assert.Equal(1667, y.Current!.Nulls);
        Assert.Equal(0, y.Reference!.Nulls);
        Assert.Contains("null fraction 0.0% -> 33.3%", y.Reason, StringComparison.Ordinal);
        Assert.True(y.Psi < 0.2, "the non-null values keep their distribution");
        Assert.Equal(ColumnKind.Numeric, y.Current.Kind);
    }

    [Fact]
    public void Every_null_spelling_counts_and_a_small_change_stays_within_the_threshold()
    {
        const string reference = "v,w\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n8,h\n9,i\n10,j\n";
        const string current = "v,w\n1,a\nNA,b\nn/a,c\nNULL,d\n nan ,e\nNone,f\n,g\n8,h\n9,i\n10,j\n";
        var report = DriftAnalyzer.Compare(Input("a.csv", reference), Input("b.csv", current),
            DriftOptions.Default with { NullFractionThreshold = 0.7, PsiThreshold = 100 });
        var v = Column(report, "v");
        Assert.Equal(6, v.Current!.Nulls);
        Assert.Equal(0.6, v.Current.NullFraction, 10);
        Assert.Equal(ColumnKind.Numeric, v.Current.Kind);
        Assert.False(v.Drifted);
    }

    [Fact]
    public void A_missing_and_an_extra_column_each_drift()
    {
        string current = string.Join('\n', Table(100, seed: 2).Split('\n').Select(line => line.Length == 0 ? line : Replace(line)));
        var report = Compare(current);
        var file = Assert.Single(report.Files);
        Assert.Equal(["id", "x", "y", "city", "z"], file.Columns.Select(c => c.Name));
        var y = Column(report, "y");
        Assert.True(y.Drifted);
        Assert.Null(y.Current);
        Assert.Equal("missing from the current data", y.Reason);
        var z = Column(report, "z");
        Assert.True(z.Drifted);
        Assert.Null(z.Reference);
        Assert.Equal(ColumnKind.Categorical, z.Kind);
        Assert.Equal("not in the reference data", z.Reason);

        static string Replace(string line)
        {
            string[] f = line.Split(',');
            return $"{f[0]},{f[1]},{f[3]},{(f[0] == "id" ? "z" : "q" + f[0])}";
        }
    }

    [Fact]
    public void A_numeric_column_that_becomes_text_drifts_on_its_kind()
    {
        const string reference = "v\n1\n2\n3\n";
        const string current = "v\n1\n2\nthree\n";
        var report = DriftAnalyzer.Compare(Input("a.csv", reference), Input("b.csv", current), DriftOptions.Default);
        var v = Column(report, "v");
        Assert.True(v.Drifted);
        Assert.Null(v.Psi);
        Assert.Contains("kind changed from numeric to categorical", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_fields_with_commas_and_line_breaks_are_single_values()
    {
        const string reference = "name,score\n\"Smith, J\",1\n\"two\nlines\",2\n\"say \"\"x\"\"\",3\n";
        const string current = "name,score\n\"Smith, J\",1\n\"two\nlines\",2\n\"say \"\"x\"\"\",3.0\n";
        var report = DriftAnalyzer.Compare(Input("a.csv", reference), Input("b.csv", current), DriftOptions.Default);
        Assert.False(report.Drifted);
        Assert.Equal(3, report.Files[0].ReferenceRows);
        Assert.Equal(0, Column(report, "name").Psi!.Value, 12);
        Assert.Equal(2, Column(report, "score").Current!.Mean);
    }

    [Fact]
    public void A_ragged_row_is_an_error_naming_the_file_and_line()
    {
        const string current = "id,x,y,city\n1,0.5,10,a\n2,\"quoted\nvalue\",10,b\n3,0.1,10\n";
        var error = Assert.Throws<CsvFormatException>(() => Compare(current));
        Assert.Equal("new.csv", error.File);
        Assert.Equal(5, error.Line);
        Assert.Contains("3 fields but the header has 4", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var error = Assert.Throws<CsvFormatException>(() => Compare(""));
        Assert.Contains("header row", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_separated_files_are_compared_by_column()
    {
        var report = DriftAnalyzer.Compare(Input("a.tsv", "k\tv\nx\t1,5\n"), Input("b.TSV", "k\tv\nx\t1,5\n"), DriftOptions.Default);
        Assert.True(report.HashesIdentical);
        report = DriftAnalyzer.Compare(Input("a.tsv", "k\tv\nx\t1\n"), Input("b.tsv", "k\tv\nx\t2\ny\t3\n"), DriftOptions.Default);
        Assert.True(report.Files[0].ColumnsCompared);
        Assert.Equal(ColumnKind.Numeric, Column(report, "v").Kind);
    }

    [Fact]
    public void Other_file_types_are_compared_by_hash_only()
    {
        var report = DriftAnalyzer.Compare(Input("model.parquet", "PAR1 a"), Input("new.parquet", "PAR1 b"), DriftOptions.Default);
        Assert.True(report.Drifted);
        var file = Assert.Single(report.Files);
        Assert.False(file.ColumnsCompared);
        Assert.Equal("content differs; no per-column statistics for this file type", file.Reason);
        Assert.Equal(64, file.CurrentSha256.Length);
    }

    [Fact]
    public void The_row_count_check_is_off_by_default_and_relative_when_on()
    {
        string current = Table(2000, seed: 2);
        Assert.False(Compare(current).Drifted);
        var report = Compare(current, DriftOptions.Default with { RowCountChangeThreshold = 0.5 });
        Assert.True(report.Drifted);
        Assert.StartsWith("rows 5000 -> 2000 (change 60.0% above 50.0%)", report.Files[0].Reason, StringComparison.Ordinal);
        Assert.False(Compare(current, DriftOptions.Default with { RowCountChangeThreshold = 0.7 }).Drifted);
    }

    [Fact]
    public void A_constant_column_that_moves_drifts()
    {
        var report = DriftAnalyzer.Compare(Input("a.csv", "v\n1\n1\n1\n1\n"), Input("b.csv", "v\n2\n2\n2\n2\n"), DriftOptions.Default);
        var v = Column(report, "v");
        Assert.True(v.Drifted);
        Assert.Equal(0, v.Reference!.StdDev);
        Assert.True(v.Psi > 0.2, $"PSI {v.Psi}");
    }

    [Fact]
    public void Repeated_header_names_are_made_unique()
    {
        var report = DriftAnalyzer.Compare(Input("a.csv", "v,v,v\n1,2,3\n"), Input("b.csv", "v,v,v\n1,2,4\n"), DriftOptions.Default);
        Assert.Equal(["v", "v.1", "v.2"], report.Files[0].Columns.Select(c => c.Name));
    }

    [Fact]
    public void The_report_serializes_with_the_generated_context_and_reads_back()
    {
        var report = Compare(Table(1000, seed: 2, xMean: 3));
        string json = JsonSerializer.Serialize(report, DriftJsonContext.Default.DriftReport);
        Assert.Contains("\"kind\": \"numeric\"", json, StringComparison.Ordinal);
        Assert.Contains("\"drifted\": true", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, DriftJsonContext.Default.DriftReport)!;
        Assert.Equal(report.Files[0].Columns, back.Files[0].Columns);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Compare(Reference, DriftOptions.Default with { NumericBins = 1 }));
        Assert.Throws<FormatException>(() => DriftAnalyzer.Compare(
            new DriftInput("a.csv", "xyz", () => Stream.Null), Input("b.csv", "v\n"), DriftOptions.Default));
    }

    [Fact]
    public void A_sampled_reference_gives_the_same_report_every_time()
    {
        // 5,000 rows through a 100-value sample: the bin edges depend on the sample, and the fixed seed fixes them.
        var options = DriftOptions.Default with { SampleSize = 100 };
        string current = Table(3000, seed: 2, xMean: 0.3);
        var first = Compare(current, options);
        var second = Compare(current, options);
        Assert.Equal(first.Files[0].Columns, second.Files[0].Columns);
        Assert.NotEqual(first.Files[0].Columns.Single(c => c.Name == "x").Psi, Compare(current).Files[0].Columns.Single(c => c.Name == "x").Psi);
    }

    [Fact]
    public void An_identifier_like_column_with_more_distinct_values_than_are_tracked_stays_stable()
    {
        static string Ids(int from, int count) =>
            "key\n" + string.Concat(Enumerable.Range(from, count).Select(i => $"k{i}\n"));
        var report = DriftAnalyzer.Compare(Input("a.csv", Ids(0, 30_000)), Input("b.csv", Ids(100_000, 30_000)), DriftOptions.Default);
        var key = Column(report, "key");
        Assert.Equal(ColumnKind.Categorical, key.Kind);
        Assert.False(key.Drifted, key.Reason);
        Assert.True(key.Psi < 0.05, $"PSI {key.Psi}");
    }

    [Fact]
    public void A_column_with_only_nulls_on_both_sides_is_empty_and_no_drift()
    {
        var report = DriftAnalyzer.Compare(Input("a.csv", "v,w\n,1\nNA,2\n"), Input("b.csv", "v,w\nnull,1\n,2\n"), DriftOptions.Default);
        var v = Column(report, "v");
        Assert.Equal(ColumnKind.Empty, v.Kind);
        Assert.Null(v.Psi);
        Assert.False(v.Drifted);
    }

    [Fact]
    public void Nan_thresholds_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Compare(Reference, DriftOptions.Default with { PsiThreshold = double.NaN }));
    }
}
