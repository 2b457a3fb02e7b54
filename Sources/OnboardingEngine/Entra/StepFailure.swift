import Credentials
import Directory
import LDAPClient
import Microsoft
import Onboarding

/// Whether a failed call to Entra ID, Graph, the directory or the store is worth another try,
/// as a step outcome. Reasons are the errors' own descriptions, which never carry a token or a pass.
enum StepFailure {
    /// Graph errors a later attempt may not meet: not (yet) found — Entra ID is eventually
    /// consistent —, throttled, unavailable, a server error, or no answer at all.
    static let transientGraphCodes: [GraphError.Code] = [.notFound, .throttled, .serviceUnavailable, .serverError, .unreachable]
    static let transientTokenCodes: [EntraError.Code] = [.temporarilyUnavailable, .unreachable]

    static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let graph as GraphError: transientGraphCodes.contains(graph.code)
        case let entra as EntraError: transientTokenCodes.contains(entra.code)
        // A sealed record that does not open (wrong or missing key) will not open next time either.
        case is SecretSealerError, is DecodingError: false
        // Directory and store errors keep the AD steps' behaviour: a read that failed is retried.
        default: true
        }
    }

    /// `.retry` for a transient error, `.failed` otherwise, saying what was being done.
    static func outcome(_ error: any Error, while doing: String) -> StepOutcome {
        let reason = "\(doing): \(describe(error))"
        return isTransient(error) ? .retry(reason: reason) : .failed(reason: reason)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let graph as GraphError: graph.description
        case let entra as EntraError: entra.description
        case let directory as DirectoryError: directory.description
        case let ldap as LDAPError: ldap.description
        // Its context could quote the opened record, which holds the pass.
        case is DecodingError: "a sealed record of the case is not in the expected format"
        default: "\(error)"
        }
    }
}
