using System.Globalization;
using System.Text.Json.Nodes;

namespace GitMl.Core.Params;

/// <summary>
/// Finding values in a params tree by dotted key, and listing a tree as dotted keys.
/// </summary>
public static class ParamTree
{
    /// <summary>
    /// Finds the value at a dotted key: "train.learning_rate" names learning_rate in the mapping train; a list element
    /// is named by its index, "layers.0" or "layers[0]". A key that itself contains dots ("a.b": 1) is found too: at
    /// each level the rest of the key is first tried as a whole.
    /// </summary>
    /// <returns>False when some part of the key is not there (a value found may be null: YAML null).</returns>
    public static bool TryGet(JsonNode? root, string key, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        string normalized = key.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return TryGetNormalized(root, normalized, out value);
    }

    private static bool TryGetNormalized(JsonNode? node, string key, out JsonNode? value)
    {
        value = null;
        switch (node)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue(key, out value))
                {
                    return true;
                }
                for (int dot = key.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = key.IndexOf('.', dot + 1))
                {
                    if (obj.TryGetPropertyValue(key[..dot], out var child) && TryGetNormalized(child, key[(dot + 1)..], out value))
                    {
                        return true;
                    }
                }
                return false;
            case JsonArray array:
                int cut = key.IndexOf('.', StringComparison.Ordinal);
                string head = cut < 0 ? key : key[..cut];
                if (!int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= array.Count)
                {
                    return false;
                }
                if (cut < 0)
                {
                    value = array[index];
                    return true;
                }
                return TryGetNormalized(array[index], key[(cut + 1)..], out value);
            default:
                return false;
        }
    }

    /// <summary>
    /// Lists every value of a tree under its dotted key, in file order: mappings are walked into ("train.epochs"),
    /// lists and scalars are values. As DVC's flatten does, an empty mapping lists nothing.
    /// </summary>
    /// <param name="indexLists">Walk into lists too, naming elements by index ("scores.0", "folds.1.auc"), as metrics
    /// are shown; an empty list then lists nothing. Params keep lists as values, as DVC compares them.</param>
    public static IReadOnlyDictionary<string, JsonNode?> Flatten(JsonObject root, bool indexLists = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        var result = new OrderedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        Walk(root, "", indexLists, result);
        return result;
    }

    private static void Walk(JsonNode node, string prefix, bool indexLists, OrderedDictionary<string, JsonNode?> into)
    {
        var children = node is JsonObject obj
            ? obj.Select(e => (e.Key, e.Value))
            : ((JsonArray)node).Select((value, i) => (i.ToString(CultureInfo.InvariantCulture), value));
        foreach (var (key, value) in children)
        {
            string path = prefix + key;
            if (value is JsonObject || (indexLists && value is JsonArray))
            {
                Walk(value, path + ".", indexLists, into);
            }
            else
            {
                into[path] = value;
            }
        }
    }
}
