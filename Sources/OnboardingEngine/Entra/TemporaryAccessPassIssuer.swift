import Credentials
import Foundation
import Logging
import Microsoft
import Onboarding
import Store

/// Creates a case's Temporary Access Pass once and keeps it sealed in the store, like
/// `SealedPasswordIssuer` keeps the temporary password: a step that runs again reuses the pass
/// on record and creates no second one, unless the first is gone or expired.
///
/// A crash between creating a pass and sealing it leaves a pass whose value nobody has. The
/// next run finds no record, sees the user's pass in Graph and creates a new one: Graph keeps one
/// pass per user and replaces the old, so this is safe, and the step's detail says why.
struct TemporaryAccessPassIssuer: Sendable {
    let graph: GraphClient
    let store: any CaseStore
    let sealer: SecretSealer
    let settings: TemporaryAccessPassSettings
    let logger: Logger
    let now: @Sendable () -> Date

    struct Preparation: Sendable {
        var pass: IssuedTemporaryAccessPass
        /// Whether this run created it (false: reused).
        var created: Bool
        var detail: String
    }

    func prepare(for onboarding: OnboardingCase, userID: String) async throws -> Preparation {
        var why: [String] = []
        var onRecord: IssuedTemporaryAccessPass?
        if let existing = try await IssuedTemporaryAccessPass.load(for: onboarding.id, from: store, sealer: sealer) {
            if existing.isWiped, existing.userID.lowercased() == userID.lowercased() {
                // Its pickup ended and the value was wiped: a re-send needs a new pass, which replaces it.
                why.append("the pass created at \(Self.time(existing.createdAt)) was wiped from Firstkey's store when its pickup ended")
                onRecord = existing
            } else if existing.userID.lowercased() == userID.lowercased() {
                let current = try await graph.temporaryAccessPass(existing.methodID, of: userID)
                if let current, current.methodUsabilityReason != .expired, existing.expiresAt > now() {
                    return Preparation(pass: existing, created: false,
                                       detail: "reusing the Temporary Access Pass \(existing.methodID) created at \(Self.time(existing.createdAt)); no second pass is created")
                }
                why.append(current == nil ? "the pass created at \(Self.time(existing.createdAt)) is gone (deleted or replaced outside Firstkey)"
                                          : "the pass created at \(Self.time(existing.createdAt)) expired before it was used")
                onRecord = existing
            } else {
                // The case now points at another Entra user; the old pass is Firstkey's, so it goes.
                let deleted = try await graph.deleteTemporaryAccessPass(existing.methodID, of: existing.userID)
                why.append("the pass on record belonged to the Entra user \(existing.userID), not \(userID); it was \(deleted ? "deleted" : "already gone")")
            }
        }

        let methods = try await graph.authenticationMethods(of: userID)
        let passwordlessBefore = methods.filter(\.isPasswordless).map(\.id)
        for case .temporaryAccessPass(let other) in methods where other.id != onRecord?.methodID {
            why.append("Graph replaces the pass the user already had (\(other.id), created at \(other.createdDateTime.map(Self.time) ?? "an unknown time")), whose value Firstkey never stored: an earlier attempt that stopped before sealing it, or another tool's")
        }

        let time = now()
        let start = TemporaryAccessPassProgress.validFrom(hireDate: onboarding.hireDate, settings: settings, now: time)
        let created = try await graph.createTemporaryAccessPass(
            for: userID, TemporaryAccessPassRequest(startDateTime: start, lifetimeInMinutes: settings.lifetimeInMinutes, isUsableOnce: settings.isUsableOnce))
        let validFrom = created.method.startDateTime ?? start
        let lifetime = TimeInterval(created.method.lifetimeInMinutes ?? settings.lifetimeInMinutes) * 60
        let issued = IssuedTemporaryAccessPass(
            pass: created.pass, methodID: created.method.id, userID: userID, createdAt: created.method.createdDateTime ?? time, validFrom: validFrom,
            expiresAt: created.method.expiresAt ?? (validFrom ?? time).addingTimeInterval(lifetime),
            isUsableOnce: created.method.isUsableOnce ?? settings.isUsableOnce, passwordlessMethodIDsBefore: passwordlessBefore)
        // If this write fails the pass exists unsealed; the next attempt replaces it (see above).
        try await issued.store(for: onboarding.id, in: store, sealer: sealer, at: time)
        logger.info("temporary access pass created", metadata: [
            "case": "\(onboarding.id)", "user": "\(userID)", "method": "\(issued.methodID)", "expires": "\(Self.time(issued.expiresAt))",
        ])
        var detail = "created a \(issued.isUsableOnce ? "one-time" : "multi-use") Temporary Access Pass (\(issued.methodID)), valid "
            + (issued.validFrom.map { "from \(Self.time($0))" } ?? "now") + " until \(Self.time(issued.expiresAt))"
        if !why.isEmpty { detail += "; " + why.joined(separator: "; ") }
        return Preparation(pass: issued, created: true, detail: detail)
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601) }
}
