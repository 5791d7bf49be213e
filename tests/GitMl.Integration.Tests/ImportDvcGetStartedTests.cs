using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A small replica of DVC's own example project (iterative/example-get-started): its dvc.yaml with the prepare,
/// featurize, train and evaluate stages, its params.yaml, a dvc.lock as DVC wrote it on another machine, the
/// data/data.xml.dvc of a `dvc import`, DVC's .gitignore lines next to every output, and tiny python stand-ins for
/// the scripts. Only data.xml has been pulled (working tree and DVC's cache): every stage's outputs are elsewhere,
/// so after the import `git ml repro` produces them. They must not stay hidden behind DVC's .gitignore lines:
/// `git add -A` commits them, and a fresh clone finds every stage up to date.
/// </summary>
public sealed class ImportDvcGetStartedTests : IDisposable
{
    private const string Params = """
        prepare:
          split: 0.20
          seed: 20170428

        featurize:
          max_features: 200
          ngrams: 2

        train:
          seed: 20170428
          n_est: 50
          min_split: 0.01

        """;

    private const string Pipeline = """
        artifacts:
          stackoverflow-dataset:
            path: data/data.xml
            type: dataset
            desc: Initial XML StackOverflow dataset (raw data)
          text-classification:
            path: model.pkl
            desc: Detect whether the given stackoverflow question should have R language tag
            type: model
            labels:
            - nlp
            - classification
            - stackoverflow
        stages:
          prepare:
            cmd: python3 src/prepare.py data/data.xml
            deps:
            - data/data.xml
            - src/prepare.py
            params:
            - prepare.seed
            - prepare.split
            outs:
            - data/prepared
          featurize:
            cmd: python3 src/featurization.py data/prepared data/features
            deps:
            - data/prepared
            - src/featurization.py
            params:
            - featurize.max_features
            - featurize.ngrams
            outs:
            - data/features
          train:
            cmd: python3 src/train.py data/features model.pkl
            deps:
            - data/features
            - src/train.py
            params:
            - train.min_split
            - train.n_est
            - train.seed
            outs:
            - model.pkl
          evaluate:
            cmd: python3 src/evaluate.py model.pkl data/features
            deps:
            - data/features
            - model.pkl
            - src/evaluate.py
            outs:
            - eval
        metrics:
        - eval/metrics.json
        plots:
        - ROC:
            template: simple
            x: fpr
            y:
              eval/plots/sklearn/roc/train.json: tpr
              eval/plots/sklearn/roc/test.json: tpr
        - eval/plots/images/importance.png

        """;

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public ImportDvcGetStartedTests()
    {
        _repo = _sandbox.CreateRepository();
        Write("src/prepare.py", """
            import os, sys
            rows = open(sys.argv[1]).read().splitlines()
            os.makedirs("data/prepared", exist_ok=True)
            open("data/prepared/train.tsv", "w").write("".join(r + "\n" for i, r in enumerate(rows) if i % 5))
            open("data/prepared/test.tsv", "w").write("".join(r + "\n" for i, r in enumerate(rows) if not i % 5))

            """);
        Write("src/featurization.py", """
            import os, sys
            source, target = sys.argv[1], sys.argv[2]
            os.makedirs(target, exist_ok=True)
            for name in ("train", "test"):
                rows = open(os.path.join(source, name + ".tsv")).read().splitlines()
                open(os.path.join(target, name + ".pkl"), "w").write("".join(f"{len(r)}\n" for r in rows))

            """);
        Write("src/train.py", """
            import sys
            lengths = [int(x) for x in open(sys.argv[1] + "/train.pkl").read().split()]
            open(sys.argv[2], "w").write(f"mean-length {sum(lengths) / len(lengths)}\n")

            """);
        Write("src/evaluate.py", """
            import json, os, sys
            model = open(sys.argv[1]).read().strip()
            os.makedirs("eval/plots/sklearn/roc", exist_ok=True)
            os.makedirs("eval/plots/images", exist_ok=True)
            json.dump({"avg_prec": {"train": 0.9, "test": 0.8}, "model": model}, open("eval/metrics.json", "w"))
            for split in ("train", "test"):
                json.dump({"roc": [{"fpr": 0, "tpr": 0}, {"fpr": 1, "tpr": 1}]}, open(f"eval/plots/sklearn/roc/{split}.json", "w"))
            open("eval/plots/images/importance.png", "wb").write(b"\x89PNG stand-in")

            """);
        Write("params.yaml", Params);
        Write("dvc.yaml", Pipeline);
        string xml = string.Concat(Enumerable.Range(1, 40).Select(i => $"<row Id=\"{i}\" Body=\"question {i} about r and python\"/>\n"));
        Write("data/data.xml", xml);
        DvcFixture.InCache(_repo, xml, dvc3: true);
        DvcFixture.DvcAdd(_repo, "data/data.xml", xml,
            "md5: f5ea021eddd7b1df6de80b904cba1da6\nfrozen: true\ndeps:\n- path: get-started/data.xml\n  repo:\n    url: https://github.com/iterative/dataset-registry\n    rev_lock: f59388cd04276e75d70b2136597aaa27e7937cc3\n");
        Write("dvc.lock", Lock(xml));
        Write(".gitignore", ".venv/\n/model.pkl\n/eval\n");
        Write("data/.gitignore", "/data.xml\n/prepared\n/features\n");
        Write(".dvc/.gitignore", "/config.local\n/tmp\n/cache\n");
        Write(".dvc/config", "[core]\n    remote = public-s3\n['remote \"public-s3\"']\n    url = https://remote.dvc.org/get-started\n");
        Write(".dvcignore", "# Add patterns of files dvc should ignore, which could improve\n# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n");
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add the DVC project");
        _sandbox.Git(_repo, "commit", "-qm", "DVC's example-get-started").EnsureSuccess("commit the DVC project");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Imported_reproduced_committed_with_add_all_and_cloned_every_stage_is_up_to_date()
    {
        _sandbox.GitMl(_repo, "import", "dvc").EnsureSuccess("import");
        var repro = _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");
        foreach (string stage in (string[])["prepare", "featurize", "train", "evaluate"])
        {
            Assert.Contains($"Running stage '{stage}'", repro.Stdout, StringComparison.Ordinal);
        }

        // DVC's lines for the outputs git-ml now stores are gone; the user's own line stays.
        Assert.Equal(".venv/\n", File.ReadAllText(Path.Combine(_repo, ".gitignore")));
        Assert.False(File.Exists(Path.Combine(_repo, "data/.gitignore")), "data/.gitignore held only DVC's lines");

        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("git add -A");
        _sandbox.Git(_repo, "commit", "-qm", "Move to git-ml").EnsureSuccess("commit");
        string committed = _sandbox.Git(_repo, "ls-files").EnsureSuccess("ls-files").Stdout;
        foreach (string path in (string[])["model.pkl", "eval/metrics.json", "eval/plots/images/importance.png", "data/prepared/train.tsv", "data/features/test.pkl", "data/data.xml"])
        {
            Assert.Contains(path + "\n", committed, StringComparison.Ordinal);
            Assert.StartsWith("version ", _sandbox.Git(_repo, "cat-file", "-p", "HEAD:" + path).Stdout, StringComparison.Ordinal);
        }
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);

        _sandbox.Git(_sandbox.Root, "clone", "-q", _repo, "clone").EnsureSuccess("clone");
        string clone = _sandbox.PathOf("clone");
        var status = _sandbox.GitMl(clone, "status").EnsureSuccess("status in the clone");
        Assert.Contains("Pipeline dvc.yaml: all 4 stage(s) up to date.", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pipeline is up to date", _sandbox.GitMl(clone, "repro").EnsureSuccess("repro in the clone").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_the_user_ignores_with_a_pattern_of_their_own_is_named_after_repro()
    {
        Write(".gitignore", ".venv/\n*.pkl\n/model.pkl\n/eval\n");
        _sandbox.Git(_repo, "commit", "-qam", "ignore pickles").EnsureSuccess("commit");
        _sandbox.GitMl(_repo, "import", "dvc").EnsureSuccess("import");

        var repro = _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");

        // Only DVC's exact lines are removed; the user's pattern stays, and repro says what it hides.
        Assert.Equal(".venv/\n*.pkl\n", File.ReadAllText(Path.Combine(_repo, ".gitignore")));
        Assert.Contains("model.pkl is ignored by .gitignore:2 (*.pkl)", repro.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 file(s) of output data/features are ignored by .gitignore:2 (*.pkl)", repro.Stdout, StringComparison.Ordinal);
    }

    /// <summary>dvc.lock as `dvc repro` wrote it where the outputs were made: real md5s of the inputs here, the outputs' md5s from there.</summary>
    private string Lock(string xml)
    {
        string Dep(string path, string md5, int size) => $"    - path: {path}\n      hash: md5\n      md5: {md5}\n      size: {size}\n";
        string Src(string name) => Dep($"src/{name}", DvcFixture.Md5Of(_repo, $"src/{name}"), File.ReadAllText(Path.Combine(_repo, "src", name)).Length);
        string Dir(string path, string seed, int files) => $"    - path: {path}\n      hash: md5\n      md5: {DvcFixture.Md5(seed)}.dir\n      size: {seed.Length * 100}\n      nfiles: {files}\n";
        string prepared = Dir("data/prepared", "prepared", 2);
        string features = Dir("data/features", "features", 2);
        string model = Dep("model.pkl", DvcFixture.Md5("model"), 1958);
        return "schema: '2.0'\nstages:\n" +
            "  prepare:\n    cmd: python3 src/prepare.py data/data.xml\n    deps:\n" + Dep("data/data.xml", DvcFixture.Md5(xml), xml.Length) + Src("prepare.py") +
            "    params:\n      params.yaml:\n        prepare.seed: 20170428\n        prepare.split: 0.2\n    outs:\n" + prepared +
            "  featurize:\n    cmd: python3 src/featurization.py data/prepared data/features\n    deps:\n" + prepared + Src("featurization.py") +
            "    params:\n      params.yaml:\n        featurize.max_features: 200\n        featurize.ngrams: 2\n    outs:\n" + features +
            "  train:\n    cmd: python3 src/train.py data/features model.pkl\n    deps:\n" + features + Src("train.py") +
            "    params:\n      params.yaml:\n        train.min_split: 0.01\n        train.n_est: 50\n        train.seed: 20170428\n    outs:\n" + model +
            "  evaluate:\n    cmd: python3 src/evaluate.py model.pkl data/features\n    deps:\n" + features + model + Src("evaluate.py") +
            "    outs:\n" + Dir("eval", "eval", 8);
    }

    private void Write(string path, string text) => Files.Write(Path.Combine(_repo, path), text);
}
