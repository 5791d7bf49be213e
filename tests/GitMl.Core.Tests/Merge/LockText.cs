namespace GitMl.Core.Tests.Merge;

/// <summary>Small canonical lock files for merge tests: stages given as name -> (cmd, one dep hash, one param value).</summary>
internal static class LockText
{
    public static string Hash(char c) => new(c, 64);

    /// <summary>One stage's canonical block.</summary>
    public static string Stage(string name, string cmd = "run", char dep = 'a', string lr = "0.1", string extra = "") =>
        $"""
          {name}:
            cmd: {cmd}
            deps:
            - path: data/in.csv
              hash: sha256
              sha256: {Hash(dep)}
              size: 10
            params:
              params.yaml:
                lr: {lr}
            outs:
            - path: out/model
              hash: sha256
              sha256: {Hash('f')}.dir
              size: 20
              nfiles: 2

        """ + extra;

    public static string Lock(params string[] stages) =>
        "schema: '2.0'\n" + (stages.Length == 0 ? "stages: {}\n" : "stages:\n" + string.Concat(stages));
}
