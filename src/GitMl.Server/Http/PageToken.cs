using System.Globalization;
using System.Text;

namespace GitMl.Server.Http;

/// <summary>
/// Paging as MLflow's stores page: <c>max_results</c> per page and an opaque <c>next_page_token</c> (here, like
/// MLflow's, base64 of <c>{"offset": N}</c>), absent on the last page. A token that is not one of ours is
/// INVALID_PARAMETER_VALUE.
/// </summary>
public static class PageToken
{
    public static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            const string prefix = "{\"offset\": ";
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith('}')
                && int.TryParse(text[prefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }
        throw MlflowException.InvalidParameter($"Invalid page token '{token}': pass the next_page_token of the previous response");
    }

    public static string For(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"offset\": {offset}}}")));

    /// <summary>One page of <paramref name="all"/> and the token of the next page (null on the last).</summary>
    public static (IReadOnlyList<T> Page, string? Next) Slice<T>(IReadOnlyList<T> all, string? token, int maxResults)
    {
        int offset = Offset(token);
        var page = all.Skip(offset).Take(maxResults).ToList();
        return (page, offset + maxResults < all.Count ? For(offset + maxResults) : null);
    }

    /// <summary>max_results: the default when absent, INVALID_PARAMETER_VALUE outside 1..<paramref name="limit"/>.</summary>
    public static int MaxResults(long? requested, int defaultValue, int limit)
    {
        if (requested is null)
        {
            return defaultValue;
        }
        return requested is >= 1 && requested <= limit
            ? (int)requested.Value
            : throw MlflowException.InvalidParameter($"Invalid value {requested} for parameter 'max_results' supplied. It must be at most {limit}, and at least 1");
    }
}
