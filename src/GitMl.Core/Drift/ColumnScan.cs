namespace GitMl.Core.Drift;

/// <summary>
/// What one pass over a column gathers, cell by cell, in memory that does not grow with the column: null count, kind,
/// running numeric statistics, and, depending on the side, either what the reference's PSI bins are made from (a
/// bounded sample of the numbers and bounded category counts) or the current side's count per reference bin.
/// </summary>
/// <remarks>
/// The reference is read first, so by the time the current file is read its bins are known and the current side
/// needs no sample at all: it only counts.
/// </remarks>
internal sealed class ColumnScan
{
    private readonly RunningStats _numbers = new();
    private readonly ReservoirSample? _sample;
    private readonly CategoryCounts? _categories;
    private readonly NumericBins? _numericBins;
    private readonly CategoryBins? _categoryBins;
    private readonly long[]? _binCounts;
    private bool _allNumeric = true;

    private ColumnScan(ReservoirSample? sample, CategoryCounts? categories, NumericBins? numericBins, CategoryBins? categoryBins)
    {
        _sample = sample;
        _categories = categories;
        _numericBins = numericBins;
        _categoryBins = categoryBins;
        int bins = numericBins?.Count ?? categoryBins?.Count ?? 0;
        _binCounts = bins > 0 ? new long[bins] : null;
    }

    public long Nulls { get; private set; }

    public long Values { get; private set; }

    public ColumnKind Kind => Values == 0 ? ColumnKind.Empty : _allNumeric ? ColumnKind.Numeric : ColumnKind.Categorical;

    /// <summary>The current side's count per reference bin; null on the reference side or without bins.</summary>
    public IReadOnlyList<long>? BinCounts => _binCounts;

    /// <summary>A reference column: keeps a sample of its numbers and counts its values, to make PSI bins from.</summary>
    public static ColumnScan Reference(int sampleSize, int seed) => new(new ReservoirSample(sampleSize, seed), new CategoryCounts(), null, null);

    /// <summary>A current column whose reference is numeric: counts its numbers per reference bin.</summary>
    public static ColumnScan Current(NumericBins bins) => new(null, null, bins, null);

    /// <summary>A current column whose reference is categorical: counts its values per reference category.</summary>
    public static ColumnScan Current(CategoryBins bins) => new(null, null, null, bins);

    /// <summary>A column with nothing to compare a distribution against: statistics only.</summary>
    public static ColumnScan StatisticsOnly() => new(null, null, null, null);

    public void Add(ReadOnlySpan<char> cell)
    {
        if (CellValues.IsNull(cell))
        {
            Nulls++;
            return;
        }
        Values++;
        _categories?.Add(cell);
        if (_categoryBins is not null)
        {
            _binCounts![_categoryBins.IndexOf(cell)]++;
        }
        if (!_allNumeric)
        {
            return;
        }
        if (CellValues.TryParseNumber(cell, out double value))
        {
            _numbers.Add(value);
            _sample?.Add(value);
            if (_numericBins is not null)
            {
                _binCounts![_numericBins.IndexOf(value)]++;
            }
        }
        else
        {
            _allNumeric = false;
            _sample?.Release();
        }
    }

    /// <summary>The PSI bins this reference column defines; null when it has no values.</summary>
    public (NumericBins? Numeric, CategoryBins? Categorical) Bins(int numericBins, int maxCategories) => Kind switch
    {
        ColumnKind.Numeric => (NumericBins.FromSorted(_sample!.Sorted(), numericBins), null),
        ColumnKind.Categorical => (null, CategoryBins.From(_categories!, Values, maxCategories)),
        _ => (null, null),
    };

    public ColumnStats Stats(long rows)
    {
        bool numeric = Kind == ColumnKind.Numeric;
        return new ColumnStats(
            Kind,
            rows,
            Nulls,
            rows == 0 ? 0 : (double)Nulls / rows,
            numeric ? _numbers.Mean : null,
            numeric ? _numbers.StandardDeviation : null,
            numeric ? _numbers.Min : null,
            numeric ? _numbers.Max : null);
    }
}
