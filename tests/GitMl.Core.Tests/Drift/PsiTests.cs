using GitMl.Core.Drift;

namespace GitMl.Core.Tests.Drift;

public sealed class PsiTests
{
    [Fact]
    public void Matches_a_hand_computed_value()
    {
        // (0.8 - 0.5) ln(0.8 / 0.5) + (0.2 - 0.5) ln(0.2 / 0.5) = 0.3 * 0.4700036 + 0.3 * 0.9162907 = 0.4158883
        Assert.Equal(0.4158883, Psi.FromFractions([0.5, 0.5], [0.8, 0.2]), 6);
    }

    [Fact]
    public void An_empty_bin_counts_as_epsilon()
    {
        // bin 3 is empty in the reference: (0.1 - 0.0001) ln(0.1 / 0.0001) = 0.0999 * 6.9077553 = 0.6900848
        // bin 2: (0.4 - 0.5) ln(0.4 / 0.5) = 0.1 * 0.2231436 = 0.0223144
        Assert.Equal(0.7123991, Psi.FromFractions([0.5, 0.5, 0.0], [0.5, 0.4, 0.1]), 6);
    }

    [Fact]
    public void Counts_are_turned_into_fractions_and_identical_distributions_give_zero()
    {
        Assert.Equal(0.4158883, Psi.FromCounts([50, 50], [800, 200])!.Value, 6);
        Assert.Equal(0, Psi.FromCounts([1, 2, 3], [10, 20, 30])!.Value, 12);
    }

    [Fact]
    public void No_values_on_a_side_gives_no_psi()
    {
        Assert.Null(Psi.FromCounts([0, 0], [1, 2]));
        Assert.Null(Psi.FromCounts([1, 2], [0, 0]));
    }
}
