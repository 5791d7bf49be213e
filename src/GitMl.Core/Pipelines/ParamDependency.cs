namespace GitMl.Core.Pipelines;

/// <summary>
/// Parameters a stage depends on: keys (dotted paths such as "train.learning_rate") of one params file, or the
/// whole file when <see cref="Keys"/> is empty. The default file is params.yaml.
/// </summary>
public sealed record ParamDependency(string File, IReadOnlyList<string> Keys)
{
    public const string DefaultFile = "params.yaml";

    public bool WholeFile => Keys.Count == 0;
}
