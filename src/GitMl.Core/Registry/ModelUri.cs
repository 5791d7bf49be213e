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

    public static ModelUri Parse(string text)
    {
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not a model URI: it starts with models:/ (models:/NAME/VERSION, models:/NAME/Production, models:/NAME@ALIAS, models:/NAME/latest)");
        }
        string rest = text[Scheme.Length..];
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
