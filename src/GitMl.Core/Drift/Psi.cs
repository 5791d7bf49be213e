namespace GitMl.Core.Drift;

/// <summary>
/// The population stability index between two distributions over the same bins:
/// <c>PSI = Σ (cᵢ − rᵢ) · ln(cᵢ / rᵢ)</c>, where rᵢ and cᵢ are the fractions of the reference and current values in
/// bin i. A bin that is empty on one side would make the logarithm infinite, so a fraction of zero counts as
/// <see cref="Epsilon"/> (the usual convention; the other fractions are left as they are).
/// </summary>
/// <remarks>
/// Common reading: below 0.1 no significant change, 0.1 to 0.2 a moderate change, above 0.2 a significant shift. The
/// index is symmetric in the two sides and zero only when every bin has the same fraction on both.
/// </remarks>
public static class Psi
{
    /// <summary>The fraction an empty bin counts as.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>The PSI of two lists of bin fractions of the same length.</summary>
    public static double FromFractions(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ArgumentException("both sides need the same bins", nameof(current));
        }
        double psi = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            double r = reference[i] > 0 ? reference[i] : Epsilon;
            double c = current[i] > 0 ? current[i] : Epsilon;
            psi += (c - r) * Math.Log(c / r);
        }
        return psi;
    }

    /// <summary>The PSI of two lists of bin counts of the same length; null when either side has no values at all.</summary>
    public static double? FromCounts(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        long referenceTotal = reference.Sum();
        long currentTotal = current.Sum();
        if (referenceTotal == 0 || currentTotal == 0)
        {
            return null;
        }
        return FromFractions(
            reference.Select(n => (double)n / referenceTotal).ToList(),
            current.Select(n => (double)n / currentTotal).ToList());
    }
}
