import ArgumentParser

@main
struct Firstkey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firstkey",
        abstract: "Get a new hire from 'account provisioned, password unknown' to 'signed in with a credential only they ever held'.",
        subcommands: [ServeCommand.self, ConfigCommand.self, OnboardCommand.self, PullCommand.self, PreviewCommand.self, ImportCommand.self, CasesCommand.self, TokensCommand.self, SessionsCommand.self, DirectoryCommand.self, BenchCommand.self]
    )
}

struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Check the directory connection, find users, and set passwords.",
        subcommands: [DirectoryCheckCommand.self, DirectoryFindCommand.self, DirectorySetPasswordCommand.self]
    )
}
