import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// One Hummingbird listener (HTTP or HTTPS) of the simulator, running in its own service group
/// so it can be shut down gracefully (in-flight requests finish).
struct Listener: Sendable {
    struct StoppedBeforeListening: Error, CustomStringConvertible {
        var description: String { "the simulator's listener stopped before it was listening" }
    }

    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Starts the listener and returns once it is bound.
    static func start(core: SimulatorCore, scheme: String, port: Int, tlsConfiguration: TLSConfiguration?) async throws -> Listener {
        let (events, continuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let responder = SimulatorResponder(core: core, scheme: scheme)
        let configuration = ApplicationConfiguration(address: .hostname(core.configuration.host, port: port), serverName: nil)
        let onServerRunning: @Sendable (any Channel) async -> Void = { channel in
            continuation.yield(.success(channel.localAddress?.port ?? port))
        }
        let service: any Service
        if let tlsConfiguration {
            service = Application(responder: responder, server: try .tls(tlsConfiguration: tlsConfiguration), configuration: configuration,
                                  onServerRunning: onServerRunning, logger: core.logger)
        } else {
            service = Application(responder: responder, configuration: configuration, onServerRunning: onServerRunning, logger: core.logger)
        }
        let group = ServiceGroup(configuration: .init(services: [service], logger: core.logger))
        let task = Task {
            do { try await group.run() } catch { continuation.yield(.failure(error)) }
            continuation.finish()
        }
        for await event in events {
            switch event {
            case .success(let boundPort):
                return Listener(port: boundPort, group: group, task: task)
            case .failure(let error):
                task.cancel()
                throw error
            }
        }
        throw StoppedBeforeListening()
    }

    func shutdown() async {
        await group.triggerGracefulShutdown()
        await task.value
    }

    /// An address as it appears in a URL (IPv6 in brackets).
    static func urlHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
