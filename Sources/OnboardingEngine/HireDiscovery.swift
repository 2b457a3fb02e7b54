public import Foundation
public import Logging
public import Microsoft
public import Onboarding

/// Pull mode: new hires are discovered in Entra by their employeeHireDate, so that no inbound
/// port and no Logic App is needed. Each run reads the window from yesterday to `lookahead`
/// ahead and takes every hire in through the engine's idempotent intake: the cases themselves
/// are the persisted state — a hire seen again finds its case, a run that dies half-way is
/// simply repeated, and nothing needs a cursor that could drift from the truth.
public struct HireDiscovery: Sendable {
    public struct Report: Sendable, Encodable {
        public struct Skipped: Sendable, Encodable {
            public var user: String
            public var reason: String
        }

        public var windowStart: Date
        public var windowEnd: Date
        public var found = 0
        public var opened: [String] = []
        public var existing = 0
        public var skipped: [Skipped] = []
    }

    let graph: GraphClient
    let engine: OnboardingEngine
    let lookahead: TimeInterval
    let deliveryMode: DeliveryMode
    let logger: Logger

    public init(graph: GraphClient, engine: OnboardingEngine, lookaheadDays: Int, deliveryMode: DeliveryMode, logger: Logger = Logger(label: "firstkey.pull")) {
        self.graph = graph
        self.engine = engine
        self.lookahead = TimeInterval(lookaheadDays) * 86_400
        self.deliveryMode = deliveryMode
        self.logger = logger
    }

    /// One discovery run. Throws only when Graph cannot be read at all; a hire that cannot be
    /// taken in is skipped with its reason and the others go on.
    public func runOnce(now: Date) async throws -> Report {
        let start = Calendar(identifier: .gregorian).startOfDay(for: now).addingTimeInterval(-86_400)
        var report = Report(windowStart: start, windowEnd: now.addingTimeInterval(lookahead))
        let users = try await graph.usersHired(from: report.windowStart, to: report.windowEnd)
        report.found = users.count
        for user in users {
            let name = user.userPrincipalName ?? user.id
            guard user.isSyncedFromOnPremises else {
                report.skipped.append(.init(user: name, reason: "not synced from on-premises AD: Firstkey sets on-premises passwords"))
                continue
            }
            do {
                let request = try EntraHire.intake(user, deliveryMode: deliveryMode, source: "pull")
                let (onboarding, created) = try await engine.intake(request, actor: "pull")
                if created { report.opened.append(onboarding.id.rawValue) } else { report.existing += 1 }
            } catch {
                report.skipped.append(.init(user: name, reason: "\(error)"))
            }
        }
        logger.info("hire discovery finished", metadata: ["found": "\(report.found)", "opened": "\(report.opened.count)",
                                                          "existing": "\(report.existing)", "skipped": "\(report.skipped.count)"])
        return report
    }
}
