// firstkey-sim: runs the Microsoft simulator (Entra ID + Graph) as a process for the demo and
// out-of-process tests. See docs/simulator.md.
import ArgumentParser

@main
struct FirstkeySim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firstkey-sim",
        abstract: "A local simulator of Microsoft Entra ID and Microsoft Graph, for Firstkey's tests and demo.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
