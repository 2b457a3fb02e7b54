import Foundation
public import Microsoft
public import Onboarding

/// What Entra knows about a new hire, as an intake: used by the Lifecycle Workflows callout and
/// by pull mode, so both open the same case for the same person.
public enum EntraHire {
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case noHireDate(userPrincipalName: String)
        public var description: String {
            switch self {
            case .noHireDate(let upn): "\(upn) has no employeeHireDate in Entra, so there is no deadline to work towards; set it (HR inbound provisioning usually does)"
            }
        }
    }

    /// `managerEmail`: from the callout, when it names the manager (Graph's /manager is a second call).
    public static func intake(_ user: GraphUser, deliveryMode: DeliveryMode, source: String, managerEmail: String? = nil,
                              callback: CaseCallback? = nil) throws(Problem) -> OnboardingEngine.IntakeRequest {
        guard let hireDate = user.employeeHireDate else { throw .noHireDate(userPrincipalName: user.userPrincipalName ?? user.id) }
        let identity = HireIdentity(entraObjectID: user.id, userPrincipalName: user.onPremisesUserPrincipalName ?? user.userPrincipalName,
                                    employeeID: user.employeeID, samAccountName: user.onPremisesSamAccountName, displayName: user.displayName,
                                    objectSid: user.onPremisesSecurityIdentifier, immutableID: user.onPremisesImmutableID)
        let recipients = Recipients(mobilePhone: user.mobilePhone.flatMap(e164), privateEmail: user.otherMails.first, managerEmail: managerEmail)
        return .init(identity: identity, hireDate: hireDate, deliveryMode: deliveryMode, recipients: recipients, source: source, callback: callback)
    }

    /// Graph writes numbers as `+1 5555551234`; the engine wants E.164 (`+15555551234`). Anything
    /// that does not become E.164 is dropped rather than guessed at.
    static func e164(_ number: String) -> String? {
        let compact = number.filter { !" -().".contains($0) }
        return IntakeValidation.isE164(compact) ? compact : nil
    }
}

/// Resumes the Lifecycle Workflow task that waits for a case (reference §6), through Graph.
public struct GraphCallbackReporter: CaseCallbackReporter {
    let graph: GraphClient

    public init(graph: GraphClient) { self.graph = graph }

    public func report(_ callback: CaseCallback, for onboarding: OnboardingCase) async -> StepOutcome {
        let status: LifecycleWorkflowOperationStatus = callback.outcome == .completed ? .completed : .failed
        do {
            let target = try LifecycleWorkflowCallback(workflowID: callback.workflowID, taskID: callback.taskID,
                                                       taskProcessingResultID: callback.taskProcessingResultID)
            try await graph.resumeLifecycleWorkflow(target, status: status)
            return .succeeded(detail: "Lifecycle Workflow \(callback.workflowID) resumed: \(status.rawValue)")
        } catch let error as GraphError {
            return Self.isTransient(error) ? .retry(reason: error.description) : .failed(reason: error.description)
        } catch {
            return .retry(reason: "\(error)")
        }
    }

    static func isTransient(_ error: GraphError) -> Bool {
        [.throttled, .serviceUnavailable, .serverError, .unreachable].contains(error.code)
    }
}
