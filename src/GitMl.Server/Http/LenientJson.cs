using System.Text;

namespace GitMl.Server.Http;

/// <summary>
/// MLflow's Python client writes request bodies with Python's json module, which spells non-finite floats as the bare
/// tokens NaN, Infinity and -Infinity (not JSON). This quotes those tokens outside strings, so a diverged loss logged
/// as NaN reaches the run instead of failing the request; everything else passes through byte for byte.
/// </summary>
public static class LenientJson
{
    private static readonly byte[][] Tokens = ["-Infinity"u8.ToArray(), "Infinity"u8.ToArray(), "NaN"u8.ToArray()];

    public static byte[] QuoteNonFiniteNumbers(byte[] json)
    {
        if (json.AsSpan().IndexOfAny("NI"u8) < 0)
        {
            return json;
        }
        var output = new List<byte>(json.Length + 16);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            byte b = json[i];
            if (inString)
            {
                output.Add(b);
                if (b == (byte)'\\' && i + 1 < json.Length)
                {
                    output.Add(json[++i]);
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
                continue;
            }
            if (b == (byte)'"')
            {
                inString = true;
                output.Add(b);
                continue;
            }
            byte[]? token = Tokens.FirstOrDefault(t => json.AsSpan(i).StartsWith(t));
            if (token is not null)
            {
                output.Add((byte)'"');
                output.AddRange(token);
                output.Add((byte)'"');
                i += token.Length - 1;
                continue;
            }
            output.Add(b);
        }
        return [.. output];
    }

    public static string Describe(byte[] json) => Encoding.UTF8.GetString(json.AsSpan(0, Math.Min(json.Length, 80)));
}
