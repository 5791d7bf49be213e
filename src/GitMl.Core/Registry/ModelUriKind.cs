namespace GitMl.Core.Registry;

/// <summary>What a <see cref="ModelUri"/> selects a version by.</summary>
public enum ModelUriKind
{
    /// <summary>models:/NAME: the stage in GIT_ML_MODEL_STAGE.</summary>
    Default,

    /// <summary>models:/NAME/VERSION.</summary>
    Version,

    /// <summary>models:/NAME/Staging or /Production.</summary>
    Stage,

    /// <summary>models:/NAME@ALIAS.</summary>
    Alias,

    /// <summary>models:/NAME/latest: the newest version that is not deleted.</summary>
    Latest,
}
