// firstkey-sim: runs the simulator (Entra ID, Graph, ACS SMS, Twilio) as a process for the demo and
// out-of-process tests. See docs/simulator.md.
import ArgumentParser

@main
struct FirstkeySim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firstkey-sim",
        abstract: "A local simulator of Microsoft Entra ID, Microsoft Graph, Azure Communication Services SMS and Twilio SMS, for Firstkey's tests and demo.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
