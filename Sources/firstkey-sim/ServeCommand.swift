import ArgumentParser
import FirstkeySimulator
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the simulated STS, Graph, ACS SMS and Twilio until SIGTERM or SIGINT.",
        discussion: """
        Writes ca.pem (the test CA of the HTTPS listener) and ready.json ({"httpURL","httpsURL","tenantId","caPath","pid"}) \
        to --state-dir once listening, and removes ready.json on shutdown. Seed users and apps with --seed (JSON, see \
        docs/simulator.md) or later through /_sim.
        """
    )

    @Option(help: "Address to listen on (loopback).")
    var host = "127.0.0.1"

    @Option(help: "HTTP port (0 picks a free one).")
    var httpPort = 0

    @Option(help: "HTTPS port (0 picks a free one); omit for no HTTPS listener.")
    var httpsPort: Int?

    @Option(help: "Tenant ID (GUID).")
    var tenant = SimulatorConfiguration.defaultTenantID

    @Option(help: "Verified domain that may stand for the tenant in paths (repeatable).")
    var domain: [String] = []

    @Option(help: "Directory for ca.pem and ready.json.")
    var stateDir: String?

    @Option(help: "JSON file with applications, users, authentication methods, the TAP policy, ACS resources, Twilio accounts and SMS delivery rules to load at start.")
    var seed: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel = "info"

    func validate() throws {
        guard UUID(uuidString: tenant) != nil else { throw ValidationError("--tenant must be a GUID") }
        for port in [httpPort] + (httpsPort.map { [$0] } ?? []) where !(0...65535).contains(port) {
            throw ValidationError("ports must be 0–65535")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        var logger = Logger(label: "firstkey-sim")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var seedValue: SimulatorSeed?
        if let seed {
            let text: String
            do {
                text = try String(contentsOfFile: seed, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read --seed \(seed): \(error.localizedDescription)")
            }
            do {
                seedValue = try SimulatorSeed(json: text)
            } catch {
                throw ValidationError("--seed \(seed): \(error.description)")
            }
        }
        var configuration = SimulatorConfiguration(tenantID: tenant, host: host, httpPort: httpPort, httpsPort: httpsPort)
        if !domain.isEmpty { configuration.domainNames = domain }
        let service = SimulatorService(configuration: configuration, seed: seedValue, stateDirectory: stateDir, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
