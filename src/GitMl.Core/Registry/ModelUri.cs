using System.Globalization;

namespace GitMl.Core.Registry;

/// <summary>
/// A model URI, the way serving code names a model: <c>models:/NAME/VERSION</c>, <c>models:/NAME/STAGE</c> (Staging
/// or Production), <c>models:/NAME@ALIAS</c>, <c>models:/NAME/latest</c> (the newest version that is not deleted), or
/// <c>models:/NAME</c> (the stage named by the GIT_ML_MODEL_STAGE environment variable, see
/// <see cref="WithDefaultStage"/>). <see cref="Parse"/> and <see cref="ToString"/> round-trip, with the stage in its
/// canonical spelling.
/// </summary>
public sealed record ModelUri
{
    public const string Scheme = "models:/";

    /// <summary>The environment variable serving code sets to pick its stage (Staging or Production).</summary>
    public const string StageEnvironment = "GIT_ML_MODEL_STAGE";

    private ModelUri(string name, ModelUriKind kind, int? version, string? stage, string? alias)
    {
        Name = name;
        Kind = kind;
        Version = version;
        Stage = stage;
        Alias = alias;
    }

    public string Name { get; }

    public ModelUriKind Kind { get; }

    public int? Version { get; }

    public string? Stage { get; }

    public string? Alias { get; }

    public static ModelUri ForVersion(string name, int version) =>
        version > 0 ? new(RegistryNames.ValidateModel(name), ModelUriKind.Version, version, null, null) : throw new ArgumentException($"version {version} is not a version number: versions start at 1");

    public static ModelUri ForStage(string name, string stage) => new(RegistryNames.ValidateModel(name), ModelUriKind.Stage, null, ModelStage.ParseSingle(stage, "the URI stage"), null);

    public static ModelUri ForAlias(string name, string alias) => new(RegistryNames.ValidateModel(name), ModelUriKind.Alias, null, null, RegistryNames.ValidateAlias(alias));

    public static ModelUri Latest(string name) => new(RegistryNames.ValidateModel(name), ModelUriKind.Latest, null, null, null);

    /// <summary>
    /// Reads a URI as MLflow reads it (its <c>_parse_model_uri</c>): the scheme in any case, and any number of slashes
    /// after it (<c>models:///NAME/1</c> is <c>models:/NAME/1</c>). A host after <c>models://</c> (MLflow's Databricks
    /// profile, <c>models://profile@databricks/NAME/1</c>) is refused: git-ml's registry is the repository's own.
    /// </summary>
    public static ModelUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string rest = PathOf(text);
        try
        {
            int at = rest.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                return ForAlias(rest[..at], rest[(at + 1)..]);
            }
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return new ModelUri(RegistryNames.ValidateModel(rest), ModelUriKind.Default, null, null, null);
            }
            string name = rest[..slash];
            string selector = rest[(slash + 1)..];
            if (selector.Length > 0 && selector.All(char.IsAsciiDigit))
            {
                return int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out int version)
                    ? ForVersion(name, version)
                    : throw new ArgumentException($"version '{selector}' is too large");
            }
            if (selector.Equals("latest", StringComparison.OrdinalIgnoreCase))
            {
                return Latest(name);
            }
            if (ModelStage.TryParse(selector) is not null)
            {
                return ForStage(name, selector);
            }
            throw new ArgumentException($"'{selector}' is neither a version number, Staging, Production nor latest");
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{text}' is not a valid model URI: {e.Message}", e);
        }
    }

    /// <summary>The part after the scheme and its slashes: "NAME/1" for models:/NAME/1 and models:////NAME/1.</summary>
    private static string PathOf(string text)
    {
        const string name = "models:";
        string usage = "(models:/NAME/VERSION, models:/NAME/Production, models:/NAME@ALIAS, models:/NAME/latest)";
        if (!text.StartsWith(name, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{text}' is not a model URI: it starts with models:/ {usage}");
        }
        string rest = text[name.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            int end = rest.IndexOf('/', 2);
            string host = end < 0 ? rest[2..] : rest[2..end];
            string path = end < 0 ? "" : rest[(end + 1)..];
            if (host.Length > 0)
            {
                string meant = host.Contains('@', StringComparison.Ordinal) || path.Length == 0 ? path : $"{host}/{path}";
                throw new FormatException($"'{text}' names '{host}' after models://, where MLflow expects a Databricks profile; git-ml has one registry, this repository's: write models:/{meant}");
            }
            rest = end < 0 ? "" : rest[end..];
        }
        if (rest.Length < 2 || rest[0] != '/' || rest.TrimStart('/').Length == 0)
        {
            throw new FormatException($"'{text}' is not a model URI: models: is followed by a slash and the model's name {usage}");
        }
        return rest.TrimStart('/');
    }

    /// <summary>
    /// A URI without a suffix (<c>models:/NAME</c>) becomes <c>models:/NAME/STAGE</c> with the stage from
    /// <paramref name="environmentStage"/> (GIT_ML_MODEL_STAGE). The variable, when set, must be Staging or
    /// Production whatever the URI, so a misconfigured deployment fails at once instead of serving the wrong model.
    /// </summary>
    public ModelUri WithDefaultStage(string? environmentStage)
    {
        string? stage = string.IsNullOrEmpty(environmentStage) ? null : ModelStage.ParseSingle(environmentStage, StageEnvironment);
        if (Kind != ModelUriKind.Default)
        {
            return this;
        }
        return stage is null
            ? throw new ArgumentException($"'{this}' names no version: add /VERSION, /Staging, /Production, /latest or @ALIAS, or set {StageEnvironment}=Staging|Production")
            : ForStage(Name, stage);
    }

    public override string ToString() => Kind switch
    {
        ModelUriKind.Version => string.Create(CultureInfo.InvariantCulture, $"{Scheme}{Name}/{Version}"),
        ModelUriKind.Stage => $"{Scheme}{Name}/{Stage}",
        ModelUriKind.Alias => $"{Scheme}{Name}@{Alias}",
        ModelUriKind.Latest => $"{Scheme}{Name}/latest",
        _ => $"{Scheme}{Name}",
    };
}
