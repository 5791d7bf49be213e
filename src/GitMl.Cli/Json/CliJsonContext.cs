using System.Text.Json.Serialization;

namespace GitMl.Cli.Json;

/// <summary>
/// Source-generated serialization for every `--json` shape: git-ml is compiled ahead of time (NativeAOT), where
/// reflection-based JSON is not available, and generated code is faster to start anyway.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(VersionJson))]
[JsonSerializable(typeof(InstallReportJson))]
[JsonSerializable(typeof(InitReportJson))]
[JsonSerializable(typeof(List<TrackedPatternJson>))]
[JsonSerializable(typeof(TrackReportJson))]
[JsonSerializable(typeof(UntrackReportJson))]
[JsonSerializable(typeof(List<TrackedFileJson>))]
[JsonSerializable(typeof(AddReportJson))]
[JsonSerializable(typeof(List<RemoteJson>))]
[JsonSerializable(typeof(PushReportJson))]
[JsonSerializable(typeof(FetchReportJson))]
[JsonSerializable(typeof(StatusReportJson))]
[JsonSerializable(typeof(FsckReportJson))]
[JsonSerializable(typeof(GcReportJson))]
[JsonSerializable(typeof(List<StageResultJson>))]
[JsonSerializable(typeof(List<UrlImportJson>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, ValueChangeJson>>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, Dictionary<string, System.Text.Json.Nodes.JsonNode?>>>))]
[JsonSerializable(typeof(DvcImportReportJson))]
[JsonSerializable(typeof(MlflowImportJson))]
[JsonSerializable(typeof(RunJson))]
[JsonSerializable(typeof(List<LineageJson>))]
[JsonSerializable(typeof(List<DataApprovalJson>))]
[JsonSerializable(typeof(List<RunJson>))]
[JsonSerializable(typeof(List<ModelJson>))]
[JsonSerializable(typeof(ModelJson))]
[JsonSerializable(typeof(ModelVersionJson))]
[JsonSerializable(typeof(ModelHistoryJson))]
[JsonSerializable(typeof(ModelChangeJson))]
[JsonSerializable(typeof(List<ModelChangeJson>))]
[JsonSerializable(typeof(ModelResolveJson))]
[JsonSerializable(typeof(ModelPruneJson))]
[JsonSerializable(typeof(RegistryMergeJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
