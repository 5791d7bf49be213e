using System.CommandLine;
using GitMl.Core.Metrics;

namespace GitMl.Cli.Commands;

/// <summary>`git ml params diff`: how parameters changed between revisions.</summary>
public static class ParamsCommand
{
    public static Command Create(CliContext cli) => new("params",
        "Compare params between revisions.\n\n" +
        "Params files are params.yaml and those the pipeline names (stages' `params:`, the top-level `params:`\n" +
        "list), read from any commit as DVC's commands do, or named with --targets.")
    {
        ValueDiffCommand.Create(cli, ValueKind.Params),
    };
}
