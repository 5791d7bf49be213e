using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>Parses pipeline text with an in-memory set of params files.</summary>
internal static class PipelineText
{
    // The seed's dvc.yaml (Step 4 of the seed document), verbatim but for the file's indentation.
    public const string Seed = """
        stages:
          prepare:
            cmd: python src/prepare.py
            deps:
              - data/raw/customer_data.csv
              - src/prepare.py
            outs:
              - data/processed/train.csv
              - data/processed/test.csv
            params:
              - prepare.train_split

          train:
            cmd: python src/train.py
            deps:
              - data/processed/train.csv
              - src/train.py
            params:
              - train.learning_rate
              - train.epochs
            outs:
              - models/model.pkl
            metrics:
              - metrics/metrics.json:
                  cache: false
        """;

    public const string SeedParams = """
        prepare:
          train_split: 0.8

        train:
          learning_rate: 0.001
          epochs: 50
          batch_size: 32
        """;

    public static PipelineSpec Parse(string yaml, params (string Path, string Text)[] files) =>
        ParseAs("ml.yaml", yaml, files);

    public static PipelineSpec ParseAs(string pipelineFile, string yaml, params (string Path, string Text)[] files)
    {
        var byPath = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        return PipelineParser.Parse(yaml, pipelineFile, path => byPath.TryGetValue(path, out string? text) ? text : null);
    }

    public static PipelineFormatException Error(string yaml, params (string Path, string Text)[] files) =>
        Assert.Throws<PipelineFormatException>(() => Parse(yaml, files));

    public static StageSpec Stage(this PipelineSpec spec, string name) =>
        spec.Stages.SingleOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no stage {name}; stages: {string.Join(", ", spec.Stages.Select(s => s.Name))}");
}
