using GitMl.Core.Metrics;

namespace GitMl.Core.Tests.Metrics;

public sealed class ValueFilesTests
{
    private const string Params = "train:\n  lr: 1.0\n  layers: [64, 32]\n  opts:\n    a: 1\nseed: 7\nempty: {}\n";

    [Fact]
    public void A_dependency_on_a_section_gives_one_row_per_key_below_it_as_dvc_does()
    {
        var values = ValueFiles.Flatten(Params, "params.yaml", ValueKind.Params, ["train", "seed", "empty"]);

        Assert.Equal(["train.lr", "train.layers", "train.opts.a", "seed"], values.Keys);
        Assert.Equal("[64, 32]", ValueText.Format(values["train.layers"]));
    }

    [Fact]
    public void A_dependency_on_one_key_keeps_that_key()
    {
        var values = ValueFiles.Flatten(Params, "params.yaml", ValueKind.Params, ["train.lr", "missing"]);

        Assert.Equal(["train.lr"], values.Keys);
        Assert.Equal("1.0", ValueText.Format(values["train.lr"]));
    }
}
