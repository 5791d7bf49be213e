// The integration tests drive git, POSIX shells and /proc: they run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
