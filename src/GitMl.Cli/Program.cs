using GitMl.Cli;

return CliApp.Run(args);
