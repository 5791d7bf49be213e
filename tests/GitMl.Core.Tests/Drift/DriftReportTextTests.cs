using GitMl.Core.Drift;
using static GitMl.Core.Tests.Drift.DriftData;

namespace GitMl.Core.Tests.Drift;

public sealed class DriftReportTextTests
{
    [Fact]
    public void Prints_one_line_per_column_marks_drift_and_ends_with_a_summary()
    {
        const string reference = "age,city,income,note\n30,Paris,100,x\n40,Lyon,200,\n50,Paris,300,y\n60,Nice,400,z\n";
        const string current = "age,city,income,extra\n31,Paris,1000,1\n41,Lyon,2000,2\n,Paris,3000,3\n59,Nice,4000,4\n";
        var report = DriftAnalyzer.Compare(Input("data/train.csv", reference), Input("new.csv", current), DriftOptions.Default);
        Assert.Equal("""
            data/train.csv -> new.csv: 4 of 5 columns drifted: age, income, note, extra
            rows 4 -> 4
               column  kind         nulls          mean           std                    psi     result
            !  age     numeric      0.0% -> 25.0%  45 -> 43.6667  12.9099 -> 14.1892     2.027   PSI 2.027 above 0.2; null fraction 0.0% -> 25.0% (change 25.0% above 10.0%)
               city    categorical  0.0% -> 0.0%   -              -                      0.000   within thresholds
            !  income  numeric      0.0% -> 0.0%   250 -> 2500    129.0994 -> 1290.9944  17.030  PSI 17.03 above 0.2
            !  note    categorical  25.0% -> -     -              -                      -       missing from the current data
            !  extra   numeric      - -> 0.0%      - -> 2.5       - -> 1.291             -       not in the reference data
            drift: 1 of 1 file drifted (4 columns)

            """, DriftReportText.Render(report));
    }

    [Fact]
    public void Identical_content_and_other_file_types_get_one_line_each()
    {
        string oid = new('b', 64);
        var same = new DriftInput("model.pkl", oid, () => Stream.Null);
        var report = DriftReport.Of([
            DriftAnalyzer.CompareFile(same, same with { Name = "new.pkl" }, DriftOptions.Default),
            DriftAnalyzer.CompareFile(Input("a.bin", "1"), Input("b.bin", "2"), DriftOptions.Default),
        ]);
        Assert.Equal("""
            model.pkl -> new.pkl: identical content (sha256 bbbbbbbbbbbb), no drift
            a.bin -> b.bin: content differs; no per-column statistics for this file type
            drift: 1 of 2 files drifted

            """, DriftReportText.Render(report));
    }
}
