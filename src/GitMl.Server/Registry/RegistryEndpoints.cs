using System.Globalization;
using GitMl.Core.Registry;
using GitMl.Core.Runs.Search;
using GitMl.Server.Http;
using GitMl.Server.Json;
using GitMl.Server.Tracking;

namespace GitMl.Server.Registry;

/// <summary>MLflow's model registry endpoints (model_registry.proto): registered models, model versions, stages, aliases, tags, download URIs.</summary>
public static class RegistryEndpoints
{
    public static void Map(ApiRoutes routes, RegistryService registry)
    {
        var context = ServerJsonContext.Default;
        var meta = registry.Metadata;
        ApiResult Model(ModelRecord model) => ApiResult.Json(new RegisteredModelResponse(registry.ModelJson(model)), context.RegisteredModelResponse);
        ApiResult Version(ModelVersionJson version) => ApiResult.Json(new ModelVersionResponse(version), context.ModelVersionResponse);

        routes.Post("registered-models/create", (f, _) =>
            ApiResult.Json(new RegisteredModelResponse(registry.CreateModel(f.Required("name"), TrackingEndpoints.KeyValues(f, "tags"), f.String("description"))), context.RegisteredModelResponse));
        routes.Get("registered-models/get", (f, _) => Model(registry.RequireModel(f.Required("name"))));
        routes.Post("registered-models/rename", (f, _) =>
        {
            registry.RequireModel(f.Required("name"));
            throw MlflowException.InvalidParameter(
                "git-ml does not rename registered models: the name is part of every models:/NAME URI, release tag and audit event already given out; register the versions under the new name instead");
        });
        routes.Patch("registered-models/update", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            meta.ChangeModel(model.Name, m => m with { Description = f.String("description") ?? "" });
            return Model(model);
        });
        routes.Delete("registered-models/delete", (f, _) =>
        {
            registry.DeleteModel(f.Required("name"));
            return ApiResult.Empty;
        });
        ApiHandler searchModels = (f, _) =>
        {
            int max = PageToken.MaxResults(f.Long("max_results"), 100, 1000);
            var filter = RunFilter.Parse(f.String("filter"));
            var found = registry.Models().Where(m => filter.Matches(new SearchableModel(m, meta.Model(m.Name).Tags)));
            var ordered = Order(found, f.Strings("order_by"), m => m.Name, m => m.Events.Count > 0 ? m.Events[^1].Time.ToUnixTimeMilliseconds() : 0, m => m.Events.Count > 0 ? m.Events[0].Time.ToUnixTimeMilliseconds() : 0);
            var (page, next) = PageToken.Slice(ordered, f.String("page_token"), max);
            return ApiResult.Json(new SearchRegisteredModelsResponse(page.Count == 0 ? null : page.Select(registry.ModelJson).ToList(), next), context.SearchRegisteredModelsResponse);
        };
        routes.Get("registered-models/search", searchModels);
        routes.Post("registered-models/search", searchModels);
        ApiHandler latest = (f, _) =>
        {
            var versions = registry.Latest(f.Required("name"), f.Strings("stages"));
            return ApiResult.Json(new ModelVersionsResponse(versions.Count == 0 ? null : versions), context.ModelVersionsResponse);
        };
        routes.Post("registered-models/get-latest-versions", latest);
        routes.Get("registered-models/get-latest-versions", latest);
        routes.Post("registered-models/set-tag", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            string key = RunLimits.Key(f.Required("key"), "tag");
            meta.ChangeModel(model.Name, m => m with { Tags = RegistryMetadata.With(m.Tags, key, RunLimits.TagValue(key, f.String("value"))) });
            return ApiResult.Empty;
        });
        routes.Delete("registered-models/delete-tag", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            meta.ChangeModel(model.Name, m => m with { Tags = RegistryMetadata.With(m.Tags, f.Required("key"), null) });
            return ApiResult.Empty;
        });
        routes.Post("registered-models/alias", (f, _) =>
        {
            registry.SetAlias(f.Required("name"), f.Required("alias"), f.Required("version"));
            return ApiResult.Empty;
        });
        routes.Delete("registered-models/alias", (f, _) =>
        {
            registry.DeleteAlias(f.Required("name"), f.Required("alias"));
            return ApiResult.Empty;
        });
        routes.Get("registered-models/alias", (f, _) => Version(registry.ByAlias(f.Required("name"), f.Required("alias"))));

        routes.Post("model-versions/create", (f, _) => Version(registry.CreateVersion(
            f.Required("name"), f.Required("source"), f.String("run_id"), f.String("model_id"), f.String("description"), TrackingEndpoints.KeyValues(f, "tags"), f.String("run_link"))));
        routes.Get("model-versions/get", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            return Version(registry.VersionJson(model, RegistryService.RequireVersion(model, f.Required("version"))));
        });
        routes.Patch("model-versions/update", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            var version = RegistryService.RequireVersion(model, f.Required("version"));
            if (f.Has("description"))
            {
                meta.ChangeVersion(model.Name, version.Number, m => m with { Description = f.String("description") ?? "" });
            }
            return Version(registry.VersionJson(model, version));
        });
        routes.Delete("model-versions/delete", (f, _) =>
        {
            registry.DeleteVersion(f.Required("name"), f.Required("version"));
            return ApiResult.Empty;
        });
        routes.Post("model-versions/transition-stage", (f, _) =>
            Version(registry.Transition(f.Required("name"), f.Required("version"), f.Required("stage"), f.Bool("archive_existing_versions") ?? false)));
        routes.Get("model-versions/get-download-uri", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            var version = RegistryService.RequireVersion(model, f.Required("version"));
            return ApiResult.Json(new DownloadUriResponse(ArtifactUris.ForRegistryVersion(model.Name, version.Number)), context.DownloadUriResponse);
        });
        ApiHandler searchVersions = (f, _) =>
        {
            int max = PageToken.MaxResults(f.Long("max_results"), 10_000, 200_000);
            var filter = RunFilter.Parse(f.String("filter"));
            var found = registry.Models().SelectMany(m => m.Versions.Where(v => !v.IsDeleted).Select(v => (Model: m, Version: v)))
                .Where(x => filter.Matches(new SearchableVersion(x.Model, x.Version, meta.Version(x.Model.Name, x.Version.Number).Tags)))
                .OrderBy(x => x.Model.Name, StringComparer.Ordinal).ThenByDescending(x => x.Version.Number)
                .Select(x => registry.VersionJson(x.Model, x.Version))
                .ToList();
            var (page, next) = PageToken.Slice(found, f.String("page_token"), max);
            return ApiResult.Json(new ModelVersionsResponse(page.Count == 0 ? null : page, next), context.ModelVersionsResponse);
        };
        routes.Get("model-versions/search", searchVersions);
        routes.Post("model-versions/search", searchVersions);
        routes.Post("model-versions/set-tag", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            var version = RegistryService.RequireVersion(model, f.Required("version"));
            string key = RunLimits.Key(f.Required("key"), "tag");
            meta.ChangeVersion(model.Name, version.Number, m => m with { Tags = RegistryMetadata.With(m.Tags, key, RunLimits.TagValue(key, f.String("value"))) });
            return ApiResult.Empty;
        });
        routes.Delete("model-versions/delete-tag", (f, _) =>
        {
            var model = registry.RequireModel(f.Required("name"));
            var version = RegistryService.RequireVersion(model, f.Required("version"));
            meta.ChangeVersion(model.Name, version.Number, m => m with { Tags = RegistryMetadata.With(m.Tags, f.Required("key"), null) });
            return ApiResult.Empty;
        });
    }

    private static List<ModelRecord> Order(IEnumerable<ModelRecord> models, IReadOnlyList<string> orderBy, Func<ModelRecord, string> name, Func<ModelRecord, long> updated, Func<ModelRecord, long> created)
    {
        IOrderedEnumerable<ModelRecord>? sorted = null;
        foreach (string clause in orderBy)
        {
            string[] parts = clause.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            Func<ModelRecord, IComparable> key = parts.Length == 0 ? throw MlflowException.InvalidParameter($"Invalid order_by clause '{clause}'") : parts[0] switch
            {
                "name" => m => name(m),
                "last_updated_timestamp" or "timestamp" => m => updated(m),
                "creation_timestamp" => m => created(m),
                _ => throw MlflowException.InvalidParameter($"Invalid order_by clause '{clause}': order registered models by name, creation_timestamp or last_updated_timestamp"),
            };
            sorted = sorted is null
                ? descending ? models.OrderByDescending(key) : models.OrderBy(key)
                : descending ? sorted.ThenByDescending(key) : sorted.ThenBy(key);
        }
        return (sorted ?? models.OrderBy(name, StringComparer.Ordinal)).ThenBy(name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A registered model as the filter language sees it: its name and tags.</summary>
    private sealed class SearchableModel(ModelRecord model, IReadOnlyDictionary<string, string> tags) : ISearchableRun
    {
        public string RunId => model.Name;

        public double? Metric(string name) => null;

        public string? Param(string name) => null;

        public string? Tag(string name) => tags.TryGetValue(name, out var value) ? value : null;

        public SearchValue? Attribute(string name) => name == RunAttributes.RunName ? SearchValue.FromText(model.Name) : null;
    }

    /// <summary>A model version as the filter language sees it: the model's name, the version's run id and tags.</summary>
    private sealed class SearchableVersion(ModelRecord model, ModelVersion version, IReadOnlyDictionary<string, string> tags) : ISearchableRun
    {
        public string RunId => version.RunId ?? "";

        public double? Metric(string name) => null;

        public string? Param(string name) => null;

        public string? Tag(string name) => tags.TryGetValue(name, out var value) ? value : null;

        public SearchValue? Attribute(string name) => name switch
        {
            RunAttributes.RunName => SearchValue.FromText(model.Name),
            RunAttributes.RunId => version.RunId is { } id ? SearchValue.FromText(id) : null,
            RunAttributes.Status => SearchValue.FromText("READY"),
            _ => null,
        };
    }

    internal static string Number(int version) => version.ToString(CultureInfo.InvariantCulture);
}
