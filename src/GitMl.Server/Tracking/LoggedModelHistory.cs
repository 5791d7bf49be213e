using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Server.Http;

namespace GitMl.Server.Tracking;

/// <summary>
/// runs/log-model (MLflow 2.x): the MLmodel description a client logs is appended to the run's tag
/// <c>mlflow.log-model.history</c>, a JSON list, as MLflow's own stores keep it.
/// </summary>
public static class LoggedModelHistory
{
    private static readonly string[] Required = ["artifact_path", "flavors", "utc_time_created", "run_id"];

    /// <summary>The model JSON, checked to be an object with MLflow's mandatory fields.</summary>
    public static string Validate(string modelJson)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(modelJson);
        }
        catch (JsonException)
        {
            throw MlflowException.InvalidParameter("Malformed model info: model_json is not valid JSON.");
        }
        if (node is not JsonObject model)
        {
            throw MlflowException.InvalidParameter("Malformed model info: model_json must be a JSON object.");
        }
        var missing = Required.Where(f => !model.ContainsKey(f)).ToList();
        return missing.Count == 0 ? model.ToJsonString() : throw MlflowException.InvalidParameter($"Model json is missing mandatory fields: {string.Join(", ", missing)}");
    }

    public static string Append(string? history, string entry)
    {
        JsonArray list;
        try
        {
            list = history is null ? [] : JsonNode.Parse(history) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            list = [];
        }
        list.Add(JsonNode.Parse(entry));
        return list.ToJsonString();
    }
}
