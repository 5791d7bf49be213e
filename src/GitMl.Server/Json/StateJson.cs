namespace GitMl.Server.Json;

// What the server keeps in its own files under .git/ml/server (ServerPaths). Each file has a schema number; a reader
// refuses a newer one instead of misreading it.

public sealed record ExperimentStateJson(string Id, string Name, bool Deleted, long CreationTime, long LastUpdateTime, Dictionary<string, string> Tags);

public sealed record ExperimentsFileJson(int Schema, List<ExperimentStateJson> Experiments);
