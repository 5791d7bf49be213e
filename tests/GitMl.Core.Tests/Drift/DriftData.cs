using System.Globalization;
using System.Text;
using GitMl.Core.Drift;

namespace GitMl.Core.Tests.Drift;

/// <summary>Seeded synthetic tables for the drift tests, so every run sees the same data.</summary>
internal static class DriftData
{
    /// <summary>
    /// Columns: id (a random integer below 1000), x ~ N(xMean, 1), y ~ N(10, 2), city drawn with the given weights over a, b, c, d.
    /// <paramref name="yNullEvery"/> > 0 writes every n-th y as a null (alternating "" and "NA").
    /// </summary>
    public static string Table(int rows, int seed, double xMean = 0, double[]? cityWeights = null, int yNullEvery = 0)
    {
        var random = new Random(seed);
        double[] weights = cityWeights ?? [0.4, 0.3, 0.2, 0.1];
        var sb = new StringBuilder("id,x,y,city\n");
        for (int i = 0; i < rows; i++)
        {
            string y = yNullEvery > 0 && i % yNullEvery == 0 ? (i / yNullEvery % 2 == 0 ? "" : "NA") : Format(10 + 2 * Normal(random));
            sb.Append(CultureInfo.InvariantCulture, $"{random.Next(1000)},{Format(xMean + Normal(random))},{y},{City(random, weights)}\n");
        }
        return sb.ToString();
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static string City(Random random, double[] weights)
    {
        double u = random.NextDouble();
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return ((char)('a' + i)).ToString();
            }
        }
        return ((char)('a' + weights.Length - 1)).ToString();
    }

    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>An input over the text (UTF-8) with no known hash.</summary>
    public static DriftInput Input(string name, string text) => new(name, null, () => new MemoryStream(Encoding.UTF8.GetBytes(text)));

    public static ColumnDrift Column(DriftReport report, string name) => Assert.Single(report.Files).Columns.Single(c => c.Name == name);
}
