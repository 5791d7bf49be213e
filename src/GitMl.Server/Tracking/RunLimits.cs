using GitMl.Server.Http;

namespace GitMl.Server.Tracking;

/// <summary>
/// MLflow's limits on what one request logs (service.proto, LogBatch): at most 1,000 metrics, 100 params and 100 tags
/// (1,000 entries in all), keys up to 250 characters, param values up to 6,000, tag values up to 8,000. Keys and
/// values are otherwise stored as sent, control characters included (JSON escapes them everywhere they are written).
/// </summary>
public static class RunLimits
{
    public const int MaxMetrics = 1000;
    public const int MaxParams = 100;
    public const int MaxTags = 100;
    public const int MaxEntries = 1000;
    public const int MaxKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;

    public static string Key(string? key, string what)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw MlflowException.Missing($"{what}.key");
        }
        return key.Length <= MaxKeyLength
            ? key
            : throw MlflowException.InvalidParameter($"{what} key '{key[..40]}...' has {key.Length} characters; the limit is {MaxKeyLength}");
    }

    public static string ParamValue(string key, string? value) =>
        (value ?? "").Length <= MaxParamValueLength
            ? value ?? ""
            : throw MlflowException.InvalidParameter($"Param value for key '{key}' has {value!.Length} characters; the limit is {MaxParamValueLength}");

    public static string TagValue(string key, string? value) =>
        (value ?? "").Length <= MaxTagValueLength
            ? value ?? ""
            : throw MlflowException.InvalidParameter($"Tag value for key '{key}' has {value!.Length} characters; the limit is {MaxTagValueLength}");

    public static void Batch(int metrics, int parameters, int tags)
    {
        if (metrics > MaxMetrics || parameters > MaxParams || tags > MaxTags || metrics + parameters + tags > MaxEntries)
        {
            throw MlflowException.InvalidParameter(
                $"A batch logging request can contain at most {MaxMetrics} metrics, {MaxParams} params and {MaxTags} tags ({MaxEntries} in all); this one has {metrics} metrics, {parameters} params and {tags} tags: split it");
        }
    }
}
