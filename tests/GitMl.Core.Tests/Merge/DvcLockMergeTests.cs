using GitMl.Core.Locks;
using GitMl.Core.Merge;

namespace GitMl.Core.Tests.Merge;

/// <summary>
/// A dvc.lock shaped like the ones DVC 3 writes (from its documented format): stages in pipeline order, md5 hashes,
/// directory outputs with nfiles, params from several files, a foreach stage, a stage-level key git-ml does not know.
/// </summary>
public sealed class DvcLockMergeTests
{
    private const string DvcLock = """
        schema: '2.0'
        stages:
          prepare:
            cmd: python src/prepare.py data/data.xml
            deps:
            - path: data/data.xml
              hash: md5
              md5: 22a1a2931c8370d3aeedd7183606fd7f
              size: 14445097
            - path: src/prepare.py
              hash: md5
              md5: f09ea0c15980b43010257ccb9f0055e2
              size: 1576
            params:
              params.yaml:
                prepare.seed: 20170428
                prepare.split: 0.2
            outs:
            - path: data/prepared
              hash: md5
              md5: 153aad06d376b6595932470e459ef42a.dir
              size: 8437363
              nfiles: 2
          featurize:
            cmd: python src/featurization.py data/prepared data/features
            deps:
            - path: data/prepared
              hash: md5
              md5: 153aad06d376b6595932470e459ef42a.dir
              size: 8437363
              nfiles: 2
            - path: src/featurization.py
              hash: md5
              md5: e0265fc22f056a4b86d85c3056bc2894
              size: 2490
            params:
              params.yaml:
                featurize.max_features: 100
                featurize.ngrams: 1
            outs:
            - path: data/features
              hash: md5
              md5: f35d4cc2c552ac959ae602162b8543f3.dir
              size: 2232588
              nfiles: 2
          train:
            cmd: python src/train.py data/features model.pkl
            deps:
            - path: data/features
              hash: md5
              md5: f35d4cc2c552ac959ae602162b8543f3.dir
              size: 2232588
              nfiles: 2
            - path: src/train.py
              hash: md5
              md5: c3961d777cfbd7727f9fde4851896006
              size: 967
            params:
              params.yaml:
                train.min_split: 0.01
                train.n_est: 50
                train.seed: 20170428
              config/model.json:
                optimizer: {name: adam, betas: [0.9, 0.999]}
            outs:
            - path: model.pkl
              hash: md5
              md5: 0b3a9a4f3a6a3bb3bdb1cd2d8e3e8e4d
              size: 1878009
          evaluate@test:
            cmd: python src/evaluate.py model.pkl data/features test
            deps:
            - path: data/features
              hash: md5
              md5: f35d4cc2c552ac959ae602162b8543f3.dir
              size: 2232588
              nfiles: 2
            - path: model.pkl
              hash: md5
              md5: 0b3a9a4f3a6a3bb3bdb1cd2d8e3e8e4d
              size: 1878009
            outs:
            - path: eval/test
              hash: md5
              md5: 5f1f0e1a4b4bd2a6d1c0c8d3d0f1b9aa.dir
              size: 51234
              nfiles: 3
            always_changed: false

        """;

    private static LockFile Read(string text) => LockFileReader.Read(text, "dvc.lock");

    [Fact]
    public void It_round_trips_to_one_canonical_form_that_keeps_every_value()
    {
        string canonical = LockFileWriter.Write(Read(DvcLock));

        Assert.Equal(canonical, LockFileWriter.Write(Read(canonical)));
        Assert.Equal(["evaluate@test", "featurize", "prepare", "train"], Read(canonical).Stages.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("      nfiles: 3\n    always_changed: false\n", canonical, StringComparison.Ordinal);
        Assert.Contains("      config/model.json:\n        optimizer: {betas: [0.9, 0.999], name: adam}\n", canonical, StringComparison.Ordinal);
        Assert.Contains("      md5: 153aad06d376b6595932470e459ef42a.dir\n      size: 8437363\n      nfiles: 2\n", canonical, StringComparison.Ordinal);
        // Merging the file DVC wrote with itself is exactly its canonical form: nothing lost, nothing added.
        Assert.Equal(canonical, LockMerger.Merge(Read(DvcLock), Read(DvcLock), Read(DvcLock)).Text);
    }

    [Fact]
    public void Two_branches_rerunning_different_stages_merge_cleanly()
    {
        string ours = DvcLock.Replace("train.n_est: 50", "train.n_est: 80", StringComparison.Ordinal)
            .Replace("0b3a9a4f3a6a3bb3bdb1cd2d8e3e8e4d\n      size: 1878009\n  evaluate", "aaaa9a4f3a6a3bb3bdb1cd2d8e3e8e4d\n      size: 1900000\n  evaluate", StringComparison.Ordinal);
        string theirs = DvcLock.Replace("featurize.ngrams: 1", "featurize.ngrams: 2", StringComparison.Ordinal);

        var result = LockMerger.Merge(Read(DvcLock), Read(ours), Read(theirs));

        Assert.True(result.IsClean);
        var merged = Read(result.Text);
        Assert.Equal("80", Core.Yaml.YamlScalars.Value(merged.Stages["train"].Params["params.yaml"]["train.n_est"]));
        Assert.Equal("2", Core.Yaml.YamlScalars.Value(merged.Stages["featurize"].Params["params.yaml"]["featurize.ngrams"]));
        Assert.Equal("aaaa9a4f3a6a3bb3bdb1cd2d8e3e8e4d", merged.Stages["train"].Outs[0].Hash);
        Assert.Equal(LockFileWriter.Write(merged), result.Text);
    }
}
