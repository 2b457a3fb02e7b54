import FirstkeySimulator
import Foundation
import Logging
import ServiceLifecycle

/// The simulator as a ServiceLifecycle service: start, announce, wait for graceful shutdown, stop.
struct SimulatorService: Service {
    let configuration: SimulatorConfiguration
    let seed: SimulatorSeed?
    let stateDirectory: String?
    let logger: Logger

    func run() async throws {
        let simulator = try await FirstkeySimulator.start(configuration, logger: logger)
        if let seed { simulator.apply(seed) }
        var readyPath: String?
        if let stateDirectory {
            readyPath = try announce(simulator, in: stateDirectory)
        }
        try? await gracefulShutdown()
        logger.info("shutting down")
        if let readyPath { try? FileManager.default.removeItem(atPath: readyPath) }
        try await simulator.shutdown()
    }

    /// Writes ca.pem, then ready.json (atomically, so a waiting script never reads half a file).
    private func announce(_ simulator: FirstkeySimulator, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let caPath = (directory as NSString).appendingPathComponent("ca.pem")
        try simulator.certificateAuthorityPEM.write(toFile: caPath, atomically: true, encoding: .utf8)
        let ready: JSONValue = [
            "httpURL": .string(simulator.httpURL),
            "httpsURL": simulator.httpsURL.map { .string($0) } ?? .null,
            "tenantId": .string(simulator.tenantID),
            "caPath": .string(caPath),
            "pid": .integer(Int(ProcessInfo.processInfo.processIdentifier)),
        ]
        let readyPath = (directory as NSString).appendingPathComponent("ready.json")
        try ready.serialized.write(toFile: readyPath, atomically: true, encoding: .utf8)
        return readyPath
    }
}
