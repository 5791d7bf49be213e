using System.CommandLine;
using GitMl.Core;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;

namespace GitMl.Cli.Commands;

/// <summary>`git ml dag`: show the pipeline's stages and how they depend on each other.</summary>
public static class DagCommand
{
    public static Command Create(CliContext cli)
    {
        var targets = new Argument<string[]>("target") { Arity = ArgumentArity.ZeroOrMore, Description = "Show only these stages and what they depend on (default: all)." };
        var mermaid = new Option<bool>("--mermaid") { Description = "A Mermaid flowchart (paste into a Markdown file on GitHub or GitLab)." };
        var dot = new Option<bool>("--dot") { Description = "A Graphviz digraph (render with: dot -Tsvg)." };
        var json = CommonOptions.Json();
        var command = new Command("dag",
            "Show the pipeline's stages and how they depend on each other.\n\n" +
            "A stage depends on another when one of its deps is (or is inside) one of the other's outs. Without an\n" +
            "option, lists the stages in the order repro runs them, each with the stages it waits for.\n\n" +
            "Examples:\n  git ml dag\n  git ml dag train\n  git ml dag --mermaid > docs/pipeline.md\n  git ml dag --dot | dot -Tsvg > pipeline.svg")
        {
            targets, mermaid, dot, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            int formats = (r.GetValue(mermaid) ? 1 : 0) + (r.GetValue(dot) ? 1 : 0) + (r.GetValue(json) ? 1 : 0);
            if (formats > 1)
            {
                throw new ArgumentException("choose one of --mermaid, --dot and --json");
            }
            var repo = cli.Repository;
            var pipeline = Pipeline.Require(repo);
            string[] selected = r.GetValue(targets) ?? [];
            var graph = selected.Length == 0 ? pipeline.Graph : pipeline.Graph.WithAncestors(pipeline.Graph.Select(selected));
            string text = r.GetValue(mermaid) ? DagRenderer.Mermaid(graph)
                : r.GetValue(dot) ? DagRenderer.Dot(graph)
                : r.GetValue(json) ? DagRenderer.Json(graph)
                : DagRenderer.Text(graph);
            cli.Out.Write(text);
            return ExitCodes.Success;
        }));
        return command;
    }
}
