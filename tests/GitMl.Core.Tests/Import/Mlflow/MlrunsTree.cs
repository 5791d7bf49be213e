using System.Globalization;
using System.Text;

namespace GitMl.Core.Tests.Import.Mlflow;

/// <summary>Writes an MLflow file store the way MLflow's file_store.py lays it out (meta.yaml as PyYAML writes it).</summary>
internal sealed class MlrunsTree(string root)
{
    public string Root { get; } = root;

    public string Experiment(string id, string name, bool trashed = false)
    {
        string folder = trashed ? $".trash/{id}" : id;
        Write($"{folder}/meta.yaml",
            $"artifact_location: file:///home/alice/project/mlruns/{id}\ncreation_time: 1700000000000\nexperiment_id: '{id}'\n" +
            $"last_update_time: 1700000000000\nlifecycle_stage: {(trashed ? "deleted" : "active")}\nname: {name}\n");
        return folder;
    }

    /// <param name="status">MLflow's enum: 1 RUNNING, 2 SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED.</param>
    public string Run(string experimentFolder, string id, string name, long start, long? end, int status = 3, string user = "alice", bool deleted = false)
    {
        string folder = $"{experimentFolder}/{id}";
        string experimentId = experimentFolder[(experimentFolder.LastIndexOf('/') + 1)..];
        Write($"{folder}/meta.yaml",
            $"artifact_uri: file:///home/alice/project/mlruns/{experimentId}/{id}/artifacts\nend_time: {(end is { } e ? e.ToString(CultureInfo.InvariantCulture) : "null")}\n" +
            $"entry_point_name: ''\nexperiment_id: '{experimentId}'\nlifecycle_stage: {(deleted ? "deleted" : "active")}\nrun_id: {id}\nrun_name: {name}\n" +
            $"run_uuid: {id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {start}\nstatus: {status}\ntags: []\nuser_id: {user}\n");
        Directory.CreateDirectory(Full($"{folder}/artifacts"));
        return folder;
    }

    public void Param(string run, string key, string value) => Write($"{run}/params/{key}", value);

    public void Tag(string run, string key, string value) => Write($"{run}/tags/{key}", value);

    public void Metric(string run, string key, params (long Timestamp, double Value, long Step)[] points) =>
        Write($"{run}/metrics/{key}", string.Concat(points.Select(p =>
            $"{p.Timestamp} {(double.IsNaN(p.Value) ? "nan" : p.Value.ToString("R", CultureInfo.InvariantCulture))} {p.Step}\n")));

    public void Artifact(string run, string path, string content) => Write($"{run}/artifacts/{path}", content);

    public void Model(string name, long updated = 1700000500000) =>
        Write($"models/{name}/meta.yaml", $"creation_timestamp: 1700000400000\ndescription: null\nlast_updated_timestamp: {updated}\nname: {name}\n");

    public void Version(string model, int number, string stage, string source, string runId, string user = "alice", string? description = null) =>
        Write($"models/{model}/version-{number}/meta.yaml",
            $"creation_timestamp: {1700000400000 + number * 1000}\ncurrent_stage: {stage}\ndescription: {description ?? "''"}\n" +
            $"last_updated_timestamp: {1700000450000 + number * 1000}\nname: {model}\nrun_id: {runId}\nrun_link: ''\nsource: {source}\n" +
            $"status: READY\nstatus_message: null\nuser_id: {user}\nversion: {number}\n");

    public void Alias(string model, string alias, int version) => Write($"models/{model}/aliases/{alias}", version.ToString(CultureInfo.InvariantCulture));

    public string Full(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        string full = Full(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(false));
    }
}
