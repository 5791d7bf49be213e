using System.Text.Json.Serialization;

namespace GitMl.Server.Json;

/// <summary>
/// Every JSON the server reads or writes, source-generated (NativeAOT: no reflection). MLflow's conventions:
/// snake_case, null fields left out, non-finite doubles as "NaN"/"Infinity" strings (what protobuf's JSON reader
/// accepts).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(EmptyJson))]
[JsonSerializable(typeof(HealthJson))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(MetricHistoryResponse))]
[JsonSerializable(typeof(ListArtifactsResponse))]
[JsonSerializable(typeof(RunInputsJson))]
[JsonSerializable(typeof(RunOutputsJson))]
[JsonSerializable(typeof(ExperimentsFileJson))]
[JsonSerializable(typeof(LoggedModelResponse))]
[JsonSerializable(typeof(SearchLoggedModelsResponse))]
[JsonSerializable(typeof(LoggedModelStateJson))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(DownloadUriResponse))]
[JsonSerializable(typeof(RegistryMetadataJson))]
public sealed partial class ServerJsonContext : JsonSerializerContext
{
}
