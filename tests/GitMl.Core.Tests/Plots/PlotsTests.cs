using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;
using GitMl.Core.Plots;

namespace GitMl.Core.Tests.Plots;

/// <summary>
/// DVC's plots schema as DVC's example-get-started and its docs write it (top-level plots with x/y per file, stage
/// plots outputs with options, images), the data files it reads, and the SVG renderer's contract: one element per
/// series with its point count, text from the data escaped.
/// </summary>
public sealed class PlotsTests
{
    private const string GetStarted = """
        stages:
          evaluate:
            cmd: python src/evaluate.py model.pkl data/features
            deps:
            - src/evaluate.py
            outs:
            - eval
            plots:
            - eval/loss.csv:
                x: step
                y: loss
                template: smooth
        plots:
          - ROC:
              template: simple
              x: fpr
              y:
                eval/plots/sklearn/roc/train.json: tpr
                eval/plots/sklearn/roc/test.json: tpr
          - Confusion-Matrix:
              template: confusion
              x: actual
              y:
                eval/plots/sklearn/cm/train.json: predicted
          - eval/prc.json:
              x: recall
              y: [precision, threshold]
          - eval/plots/images/importance.png
        """;

    [Fact]
    public void Example_get_started_plots_are_read_as_dvc_defines_them()
    {
        var plots = PlotDefinition.Read(GetStarted, "dvc.yaml").ToDictionary(p => p.Id);

        Assert.Equal(("smooth", "step"), (plots["eval/loss.csv"].Template, plots["eval/loss.csv"].X!.Field));
        Assert.Equal([new PlotSource("eval/loss.csv", "loss")], plots["eval/loss.csv"].Y);
        Assert.Equal("simple", plots["ROC"].Template);
        Assert.Equal([new PlotSource("eval/plots/sklearn/roc/train.json", "tpr"), new PlotSource("eval/plots/sklearn/roc/test.json", "tpr")], plots["ROC"].Y);
        Assert.True(plots["Confusion-Matrix"].IsConfusion);
        Assert.Equal([new PlotSource("eval/prc.json", "precision"), new PlotSource("eval/prc.json", "threshold")], plots["eval/prc.json"].Y);
        Assert.True(plots["eval/plots/images/importance.png"].IsImage);
    }

    [Theory]
    [InlineData("plots:\n  - a.csv:\n      template: pie\n", "unknown template `pie`")]
    [InlineData("plots:\n  - Named:\n      y: 5\n", "y is a field, a list of fields, or `file: field(s)`")]
    [InlineData("plots:\n  - [a, b]\n", "each plot is a path")]
    public void A_plot_dvc_would_refuse_is_named_with_the_problem(string yaml, string problem)
    {
        var e = Assert.Throws<PipelineFormatException>(() => PlotDefinition.Read("stages: {}\n" + yaml, "dvc.yaml"));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loss.csv", "step,loss\n0,1.5\n1,0.75\n")]
    [InlineData("loss.tsv", "step\tloss\n0\t1.5\n1\t0.75\n")]
    [InlineData("loss.json", "[{\"step\": 0, \"loss\": 1.5}, {\"step\": 1, \"loss\": 0.75}]")]
    [InlineData("loss.json", "{\"train\": [{\"step\": 0, \"loss\": 1.5}, {\"step\": 1, \"loss\": 0.75}]}")]
    [InlineData("loss.yaml", "- step: 0\n  loss: 1.5\n- step: 1\n  loss: 0.75\n")]
    public void Data_files_read_as_rows_of_named_values_in_every_format_dvc_reads(string file, string text)
    {
        var table = PlotTable.Parse(Encoding.UTF8.GetBytes(text), file);

        Assert.Equal(["step", "loss"], table.Fields);
        Assert.Equal([1.5, 0.75], table.Rows.Select(r => SvgPlot.Number(r["loss"])));
    }

    [Fact]
    public void The_svg_draws_one_element_per_series_and_escapes_what_the_data_says()
    {
        var definition = new PlotDefinition("<script>alert(1)</script>", "linear", new PlotSource("a.csv", "step"), [new PlotSource("a.csv", "loss")], null, null, null);
        JsonNode?[] xs = [0, 1, 2];
        var plot = new PlotData(definition, "step",
            [new PlotSeries("HEAD", "a.csv", "loss\u001b[31m", xs, [3.0, 2.0, 1.0]), new PlotSeries("workspace", "a.csv", "loss\u001b[31m", xs, [2.5, 1.5, "NaN"])], [], []);

        string svg = SvgPlot.Render(plot);

        Assert.Equal(2, svg.Split("<g data-series=").Length - 1);
        Assert.Contains("data-series=\"HEAD\" data-points=\"3\"", svg, StringComparison.Ordinal);
        Assert.Contains("data-series=\"workspace\" data-points=\"2\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_million_points_are_thinned_keeping_the_spike()
    {
        var definition = new PlotDefinition("loss.csv", "linear", null, [new PlotSource("loss.csv", "loss")], null, null, null);
        var xs = Enumerable.Range(0, 1_000_000).Select(i => (JsonNode?)i).ToList();
        var ys = Enumerable.Range(0, 1_000_000).Select(i => (JsonNode?)(i == 500_123 ? 1000.0 : 1.0)).ToList();
        var plot = new PlotData(definition, "step", [new PlotSeries("workspace", "loss.csv", "loss", xs, ys)], [], []);

        string svg = SvgPlot.Render(plot);

        Assert.Contains($"data-points=\"{SvgPlot.MaxPoints}\"", svg, StringComparison.Ordinal);
        Assert.Contains(">1000<", svg, StringComparison.Ordinal); // the y axis reaches the spike
    }

    [Fact]
    public void A_confusion_matrix_counts_actual_against_predicted()
    {
        var definition = new PlotDefinition("cm", "confusion", new PlotSource("cm.json", "actual"), [new PlotSource("cm.json", "predicted")], null, null, null);
        JsonNode?[] actual = ["cat", "cat", "dog", "dog", "dog"];
        JsonNode?[] predicted = ["cat", "dog", "dog", "dog", "cat"];
        var plot = new PlotData(definition, "actual", [new PlotSeries("workspace", "cm.json", "predicted", actual, predicted)], [], []);

        string svg = SvgPlot.Render(plot);

        Assert.Contains("data-actual=\"dog\" data-predicted=\"dog\" data-count=\"2\"", svg, StringComparison.Ordinal);
        Assert.Contains("data-actual=\"cat\" data-predicted=\"dog\" data-count=\"1\"", svg, StringComparison.Ordinal);
    }
}
