using GitMl.Core.Import;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Import;

/// <summary>
/// The .dvc file schema cases of DVC's own tests (tests/func/test_stage.py: test_cmd_obj, test_cmd_none, test_no_cmd,
/// test_cmd_str, test_object, test_none, test_empty_list, test_list), each with one output so git-ml has something to
/// import. What DVC refuses, git-ml refuses with the file named; what DVC accepts, git-ml reads.
/// </summary>
public sealed class DvcFileSchemaTests
{
    private const string Out = "outs:\n- md5: 0cc175b9c0f1b6a831c399e269772661\n  size: 1\n  path: a.txt\n";

    [Theory]
    [InlineData("test_cmd_obj", "cmd: {}\n" + Out, false)]
    [InlineData("test_cmd_none", "cmd:\n" + Out, true)]
    [InlineData("test_no_cmd", Out, true)]
    [InlineData("test_cmd_str", "cmd: python train.py\n" + Out, true)]
    [InlineData("test_object (deps)", "deps: {}\n" + Out, false)]
    [InlineData("test_object (outs)", "outs: {}\n", false)]
    [InlineData("test_none (deps)", "deps:\n" + Out, true)]
    [InlineData("test_empty_list (deps)", "deps: []\n" + Out, true)]
    [InlineData("test_list (deps)", "deps:\n- path: foo\n  md5: '123'\n- path: bar\n  md5:\n- path: baz\n" + Out, true)]
    [InlineData("test_list (outs, cache flags)", "outs:\n- path: foo\n  md5: '123'\n  cache: true\n- path: bar\n  md5:\n  cache: false\n- path: baz\n", true)]
    public void Dvcs_own_schema_cases_are_accepted_or_refused_as_dvc_does(string dvcTest, string text, bool valid)
    {
        var parse = () => DvcFileParser.Parse(text, "data/a.txt.dvc");

        if (valid)
        {
            Assert.NotEmpty(parse().Outs);
        }
        else
        {
            var error = Assert.Throws<PipelineFormatException>(parse);
            Assert.Contains("data/a.txt.dvc", error.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(dvcTest));
        }
    }

    [Theory]
    [InlineData("outs:\n")]
    [InlineData("outs: []\n")]
    public void A_file_tracking_nothing_is_valid_for_dvc_but_has_nothing_to_import(string text)
    {
        // DVC accepts it (test_none, test_empty_list); there is nothing to move into git-ml, so the import says so
        // instead of deleting a file that may still hold a DVC 1 stage's command.
        var error = Assert.Throws<PipelineFormatException>(() => DvcFileParser.Parse(text, "stage.dvc"));
        Assert.Contains("lists nothing", error.Message, StringComparison.Ordinal);
    }
}
