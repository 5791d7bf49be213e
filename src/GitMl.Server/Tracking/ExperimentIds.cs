using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitMl.Server.Tracking;

/// <summary>
/// Experiment ids: decimal numbers as MLflow's own stores use them (clients treat them as opaque strings). The id of a
/// new experiment is a 15-digit number taken from the SHA-256 of its name, so clones that create the same experiment
/// independently agree on its id without talking to each other; "0" is the Default experiment.
/// </summary>
public static class ExperimentIds
{
    private const ulong Range = 900_000_000_000_000UL;

    /// <summary>The id a new experiment named <paramref name="name"/> gets, the <paramref name="attempt"/>-th candidate (0 first; later ones when an id is taken).</summary>
    public static string ForName(string name, int attempt = 0)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(attempt == 0 ? name : $"{name}\n{attempt}"));
        ulong value = BitConverter.ToUInt64(hash, 0) % Range;
        return (100_000_000_000_000UL + value).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a client-sent id could name an experiment (digits only, not absurdly long).</summary>
    public static bool IsWellFormed(string id) => id.Length is > 0 and <= 32 && id.All(char.IsAsciiDigit);
}
