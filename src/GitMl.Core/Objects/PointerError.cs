namespace GitMl.Core.Objects;

/// <summary>Why some bytes are not a valid git-ml pointer (see docs/spec/pointer.md).</summary>
public enum PointerError
{
    Empty,
    TooLarge,
    ByteOrderMark,
    ContainsNul,
    CarriageReturn,
    InvalidUtf8,
    MissingFinalNewline,
    EmptyLine,
    ControlCharacter,
    MalformedLine,
    TrailingWhitespace,
    InvalidKey,
    VersionNotFirst,
    UnsupportedVersion,
    DuplicateKey,
    KeysNotSorted,
    MissingOid,
    UnsupportedHashAlgorithm,
    InvalidOid,
    MissingSize,
    InvalidSize,
    SizeOutOfRange,
    InvalidValue,
}
