import Foundation
public import Logging
public import Microsoft
public import Onboarding

/// Tells the service desk by e-mail, sent through Microsoft Graph from a mailbox Firstkey may use
/// (Mail.Send, restricted by an application access policy — docs/microsoft.md). The message names
/// the hire, the case, the reason and what to do; it never holds a credential (the reasons are
/// built from fixed sentences and identifiers). Transient Graph failures are retried a few times;
/// if the mail still cannot be sent, the escalation stays visible on the case, in the metrics and
/// in the error log — it is never silent.
public struct GraphMailEscalationSink: EscalationSink {
    let graph: GraphClient
    let senderMailbox: String
    let logger: Logger
    let attempts: Int

    public init(graph: GraphClient, senderMailbox: String, logger: Logger = Logger(label: "firstkey.escalation"), attempts: Int = 3) {
        self.graph = graph
        self.senderMailbox = senderMailbox
        self.logger = logger
        self.attempts = attempts
    }

    public func escalate(_ onboarding: OnboardingCase, contact: String, reason: String) async {
        let message = Self.message(for: onboarding, to: contact, reason: reason)
        for attempt in 1...max(1, attempts) {
            do {
                try await graph.sendMail(from: senderMailbox, message)
                logger.notice("service desk told", metadata: ["case": "\(onboarding.id)", "contact": "\(contact)"])
                return
            } catch {
                logger.error("the service desk could not be told by e-mail", metadata: ["case": "\(onboarding.id)", "attempt": "\(attempt)", "error": "\(error)"])
                guard let graphError = error as? GraphError, GraphCallbackReporter.isTransient(graphError), attempt < attempts else { return }
                try? await Task.sleep(for: .seconds(Double(attempt) * 2))
            }
        }
    }

    static func message(for onboarding: OnboardingCase, to contact: String, reason: String) -> MailMessage {
        let who = onboarding.identity.displayName ?? onboarding.identity.userPrincipalName ?? onboarding.identity.samAccountName
            ?? onboarding.identity.employeeID.map { "employee \($0)" } ?? "a new hire"
        let day = ISO8601DateFormatter.string(from: onboarding.hireDate, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let text = """
        Firstkey needs a person for the onboarding of \(who) (hire date \(day)).

        Why: \(reason)

        Case: \(onboarding.id.rawValue) (state \(onboarding.state.rawValue), delivery \(onboarding.deliveryMode.rawValue), from \(onboarding.source))
        Employee ID: \(onboarding.identity.employeeID ?? "-")   UPN: \(onboarding.identity.userPrincipalName ?? "-")   sAMAccountName: \(onboarding.identity.samAccountName ?? "-")

        See the steps and the audit trail with `firstkey cases show \(onboarding.id.rawValue)` or GET /api/v1/onboardings/\(onboarding.id.rawValue).
        After fixing the cause, `firstkey cases retry \(onboarding.id.rawValue)` makes the step due again.
        Do not ask the hire for, or send anyone, a password: Firstkey delivers credentials only to the hire.
        """
        return MailMessage(subject: "Firstkey: onboarding of \(who) needs attention", body: .text(text), to: [contact],
                           headers: [.init(name: "x-firstkey-case", value: onboarding.id.rawValue)])
    }
}
