using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GitMl.Server.Http;

/// <summary>
/// The fields of one request message, read the way MLflow's server reads them: from the JSON body for POST, PATCH and
/// DELETE, from the query string for GET (a repeated field is the parameter given several times). Proto JSON is
/// lenient and so is this: an int64 may come as a number or a string, a double as a number or "NaN"/"Infinity", an
/// enum as its name. A field of the wrong kind is INVALID_PARAMETER_VALUE naming the field.
/// </summary>
public sealed class ApiFields
{
    private readonly JsonElement _json;
    private readonly IQueryCollection? _query;

    private ApiFields(JsonElement json, IQueryCollection? query)
    {
        _json = json;
        _query = query;
    }

    public static ApiFields FromJson(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? new ApiFields(element, null)
        : element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? Empty
        : throw MlflowException.InvalidParameter("the request body must be a JSON object");

    public static ApiFields FromQuery(IQueryCollection query) => new(default, query);

    public static ApiFields Empty { get; } = new(default, null);

    public bool Has(string name) => _query is not null ? _query.ContainsKey(name) : TryGet(name, out _);

    /// <summary>A string field; null when absent (or JSON null).</summary>
    public string? String(string name)
    {
        if (_query is not null)
        {
            return _query.TryGetValue(name, out var values) ? values[0] : null;
        }
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw Wrong(name, "a string"),
        };
    }

    /// <summary>A string field that must be present and not empty (MLflow's _assert_required).</summary>
    public string Required(string name) => String(name) is { Length: > 0 } value ? value : throw MlflowException.Missing(name);

    public long? Long(string name)
    {
        if (_query is null && TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out long number) ? number : throw Wrong(name, "a whole number");
        }
        string? text = String(name);
        if (text is null)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed)
            ? parsed
            : throw Wrong(name, "a whole number");
    }

    public double? Double(string name)
    {
        if (_query is null && TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }
        string? text = String(name);
        return text switch
        {
            null => null,
            "NaN" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : throw Wrong(name, "a number"),
        };
    }

    public bool? Bool(string name)
    {
        string? text = String(name);
        return text switch
        {
            null => null,
            "true" or "True" or "1" => true,
            "false" or "False" or "0" => false,
            _ => throw Wrong(name, "true or false"),
        };
    }

    /// <summary>A repeated string field (a JSON array of strings, or the query parameter given any number of times).</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (_query is not null)
        {
            return _query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToList() : [];
        }
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(name, "a list of strings");
        }
        return value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong(name, "a list of strings")).ToList();
    }

    /// <summary>A repeated message field: each item's fields (a GET request cannot carry them: empty).</summary>
    public IReadOnlyList<ApiFields> Messages(string name)
    {
        if (_query is not null || !TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(name, "a list of objects");
        }
        return value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object ? new ApiFields(item, null) : throw Wrong(name, "a list of objects")).ToList();
    }

    /// <summary>A nested message field, or null when absent.</summary>
    public ApiFields? Message(string name) =>
        _query is null && TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.Object ? new ApiFields(value, null) : throw Wrong(name, "an object")
            : null;

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _json.ValueKind == JsonValueKind.Object && _json.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static MlflowException Wrong(string name, string expected) =>
        MlflowException.InvalidParameter($"Invalid value for parameter '{name}': expected {expected}. See the API docs for more information about request parameters.");
}
