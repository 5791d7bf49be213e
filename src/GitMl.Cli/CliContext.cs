using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.IO;
using GitMl.Core.Settings;

namespace GitMl.Cli;

/// <summary>
/// Everything a verb may know of the process it runs in: its standard streams, whether they are terminals, its
/// environment and working directory, and (on first use) the repository there with its settings. Verbs read all of
/// that from here, never from Console, Environment or the current directory (ArchitectureTests keeps it so), so
/// tests/GitMl.Cli.Tests runs them in process with their own writers, variables and folder, and a GIT_ML_* variable
/// has one way in: <see cref="Environment"/>, read by <see cref="MlSettings"/> for settings.
/// </summary>
public sealed class CliContext
{
    private readonly Func<Stream> _openInput;
    private readonly Func<Stream> _openOutput;
    private readonly TextWriter _terminalError;
    private MlRepository? _repository;
    private SessionSettings? _session;

    /// <param name="output">stdout for text (escaped: text from a repository never drives the terminal).</param>
    /// <param name="error">stderr for messages, escaped like <paramref name="output"/>.</param>
    /// <param name="environment">The environment variables, by name; null when unset.</param>
    /// <param name="workingDirectory">The folder relative paths on the command line are relative to.</param>
    /// <param name="openInput">stdin as raw bytes (filters, hooks); none by default.</param>
    /// <param name="openOutput">stdout as raw bytes (the filters' protocol); by default the bytes are lost.</param>
    /// <param name="outputIsTerminal">Whether stdout is a terminal.</param>
    /// <param name="errorIsTerminal">Whether stderr is a terminal: progress is drawn only then.</param>
    /// <param name="terminalError">Where progress is drawn (unescaped: it redraws its line with CR); default <paramref name="error"/>.</param>
    public CliContext(
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        string workingDirectory,
        Func<Stream>? openInput = null,
        Func<Stream>? openOutput = null,
        bool outputIsTerminal = false,
        bool errorIsTerminal = false,
        TextWriter? terminalError = null)
    {
        Out = output;
        Error = error;
        Environment = environment;
        WorkingDirectory = workingDirectory;
        _openInput = openInput ?? (() => Stream.Null);
        _openOutput = openOutput ?? (() => Stream.Null);
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        _terminalError = terminalError ?? error;
    }

    /// <summary>
    /// The context of this process: Console's streams (which <see cref="Terminal.ProtectStandardStreams"/> has made
    /// escaping), the process environment and current directory. Cheap: nothing is read from git until asked for.
    /// </summary>
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        System.Environment.GetEnvironmentVariable,
        Directory.GetCurrentDirectory(),
        StandardStreams.Input,
        StandardStreams.Output,
        outputIsTerminal: !Console.IsOutputRedirected,
        errorIsTerminal: !Console.IsErrorRedirected,
        terminalError: Terminal.RawError);

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Looks an environment variable up; null when unset. Settings read it through <see cref="Settings"/>.</summary>
    public Func<string, string?> Environment { get; }

    public string WorkingDirectory { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>stdin as raw bytes: no text encoding, no buffering of its own (see <see cref="StandardStreams"/>).</summary>
    public Stream OpenInput() => _openInput();

    /// <summary>stdout as raw bytes, for binary output such as the filters' protocol.</summary>
    public Stream OpenOutput() => _openOutput();

    /// <summary>Where progress is drawn: the raw stderr when that is a terminal, else null (scripts and CI logs stay clean).</summary>
    public TextWriter? Progress() => ErrorIsTerminal ? _terminalError : null;

    /// <summary>A transfer's progress line on the terminal, or null when stderr is not one.</summary>
    public TerminalTransferProgress? Progress(string what) => Progress() is { } terminal ? new TerminalTransferProgress(terminal, what) : null;

    /// <summary>
    /// The repository the working directory is in, opened on first use for a command the user typed (a bad value in
    /// their own git config is an error), with this context's stderr and environment.
    /// </summary>
    /// <exception cref="Git.NotARepositoryException">The working directory is not in a git repository.</exception>
    public MlRepository Repository => _repository ??= OpenRepository(Caller.User);

    /// <summary>git-ml's settings in <see cref="Repository"/>: its config, with this context's environment.</summary>
    public MlSettings Settings => Repository.Settings;

    /// <summary>The GIT_ML_* variables about this process (trace, debug, run folder, serve token), from <see cref="Environment"/>.</summary>
    public SessionSettings Session => _session ??= SessionSettings.From(Environment);

    /// <summary>A fresh repository for <paramref name="caller"/> (git's filter and merge driver use <see cref="Caller.Git"/>).</summary>
    public MlRepository OpenRepository(Caller caller) => MlRepository.Open(WorkingDirectory, caller, Error, Environment);

    /// <summary>Opens data remotes' storage with this context's environment (credentials, approvals).</summary>
    public BlobStoreFactory BlobStores() => new(Environment);

    /// <summary>A path from the command line, made absolute against <see cref="WorkingDirectory"/>.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
