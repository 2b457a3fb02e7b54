import Foundation
import Logging
import Synchronization

/// The simulated tenant: configuration, state behind one lock, and the simulated clock. Shared
/// by the HTTP and HTTPS listeners and by the in-process API.
final class SimulatorCore: Sendable {
    let configuration: SimulatorConfiguration
    let state: Mutex<SimulatorState>
    let logger: Logger
    /// Reports the SMS providers send after answering (run by the started simulator).
    let smsDispatcher = SMSDispatcher()

    init(configuration: SimulatorConfiguration, logger: Logger, signingKey: SigningKey) {
        self.configuration = configuration
        self.logger = logger
        var initial = SimulatorState()
        initial.signingKeys = [signingKey]
        self.state = Mutex(initial)
    }

    /// Reads or changes the state under the lock. Keep the closure short: no I/O, no signing.
    func withState<Result>(_ body: (inout SimulatorState) throws -> Result) rethrows -> Result {
        try state.withLock { try body(&$0) }
    }

    /// The simulated time: the wall clock plus any offset tests added.
    var now: Date {
        Date().addingTimeInterval(state.withLock { $0.clockOffset })
    }

    /// Whether a `{tenant}` path segment names this tenant (its ID or a verified domain).
    func isThisTenant(_ segment: String) -> Bool {
        let lowered = segment.lowercased()
        return lowered == configuration.tenantID || configuration.domainNames.contains { $0.lowercased() == lowered }
    }
}
