using System.Globalization;

namespace GitMl.Core.IO;

/// <summary>Sizes for people: 1023 B, 20.0 KiB, 1.0 GiB.</summary>
public static class ByteSize
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        // Compare what will be shown (one decimal): 1023.96 KiB would print as "1024.0 KiB" rather than "1.0 MiB".
        while (Math.Round(value, 1) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
