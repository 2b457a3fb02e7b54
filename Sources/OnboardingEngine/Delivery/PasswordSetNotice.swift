import Delivery
import Logging
public import Foundation
public import Onboarding
import Store

/// What became of a password-set notice: one line for the audit trail, and whether it is settled
/// (sent, refused for good on every route, or impossible) or should be tried again (no route
/// answered, or the store could not be read or written).
public struct PasswordSetNoticeResult: Sendable, Hashable, CustomStringConvertible {
    public var summary: String
    public var isSettled: Bool
    public var description: String { summary }

    static func settled(_ summary: String) -> Self { Self(summary: summary, isSettled: true) }
    static func unsettled(_ summary: String) -> Self { Self(summary: summary, isSettled: false) }
}

extension DeliverySteps {
    /// How often the clean-up step tries a notice that no route answered before it gives up and
    /// says so in the audit trail (with the step's backoff, several hours).
    public static let passwordSetNoticeAttempts = 12

    /// The clean-up step's part after the portal set the hire's password (`passwordChosenAt`):
    /// the notice is sent by the engine, never by the web request, so a server stopped right after
    /// the page answered sends it when it runs again. nil when there is nothing to send (no
    /// password was chosen in the portal); `.retry` while no route has answered.
    public func passwordSetNoticeStep(_ onboarding: OnboardingCase) async -> StepResult? {
        guard let setAt = onboarding.passwordChosenAt else { return nil }
        let notice = await notifyPasswordSet(onboarding, at: setAt)
        if notice.isSettled { return StepResult(.succeeded(detail: notice.summary)) }
        guard onboarding.step(.cleanUp).attempts + 1 < Self.passwordSetNoticeAttempts else {
            logger.error("the password-set notice could not be sent; giving up", metadata: ["case": "\(onboarding.id)"])
            return StepResult(.succeeded(detail: "\(notice.summary); gave up after \(Self.passwordSetNoticeAttempts) attempts"))
        }
        return StepResult(.retry(reason: notice.summary))
    }

    /// Tells the hire, over the other channel than the web, that the first-password portal has set
    /// their password at `time` ("… was set at …; if this wasn't you, contact …"). Returns one line
    /// for the audit trail: the channel and the masked recipient, or why nothing was sent.
    ///
    /// The route is the hire's mobile phone (SMS, else the webhook) when the case has a number and
    /// such a channel is configured, else the hire's private e-mail; never the manager
    /// (`DeliveryPolicy.passwordSetNoticeRoutes`). Each route gets one attempt, bounded by its
    /// channel's own timeout; when the first is refused or does not answer, the other is tried, so
    /// the hire may in rare cases get the notice twice but is not left without it. It is recorded
    /// in the deliveries table under `firstkey/<case>/deliver/<round>/password-set-notice/<channel>`,
    /// so a second call for the same case and round sends nothing. It never throws: a notice that
    /// cannot be sent must not undo the password that was set.
    public func notifyPasswordSet(_ onboarding: OnboardingCase, at time: Date) async -> PasswordSetNoticeResult {
        let kind = DeliveryMessageKind.passwordSetNotice
        let channels = settings.channels.kinds
        let routes = DeliveryPolicy.passwordSetNoticeRoutes(recipients: onboarding.recipients, channels: channels)
        guard !routes.isEmpty else {
            let reason = DeliveryPolicy.passwordSetNoticeRefusal(recipients: onboarding.recipients, channels: channels) ?? "no route"
            return .settled("password-set notice not sent: \(reason)")
        }
        let round = onboarding.resendCount
        let records: [DeliveryRecord]
        do {
            records = try await store.deliveries(for: onboarding.id).filter { $0.kind == kind.rawValue && $0.round == round }
        } catch {
            logger.error("the delivery records could not be read; the password-set notice is not sent", metadata: ["case": "\(onboarding.id)", "error": "\(error)"])
            return .unsettled("password-set notice not sent: the delivery records could not be read")
        }
        if let sent = records.first(where: { $0.status == .accepted || $0.status == .delivered }) {
            return .settled("password-set notice already sent by \(sent.channel) to \(sent.maskedRecipient)")
        }

        let content = DeliveryContent(username: onboarding.identity.userPrincipalName ?? onboarding.identity.samAccountName ?? "",
                                      hireLanguage: settings.language, managerLanguage: settings.language, passwordSetAt: time)
        let baseKey = DeliveryIdempotencyKey.delivery(caseID: onboarding.id.rawValue, round: round)
        var failures: [String] = []
        var unanswered = false
        for route in routes {
            let key = baseKey.appending(kind.rawValue).appending(route.channel.rawValue)
            let existing = records.first { $0.key == key.rawValue }
            if let existing, existing.status == .failed {
                // Refused before: the same message would be refused again.
                failures.append("\(route.channel) to \(existing.maskedRecipient) was refused earlier (\(existing.detail ?? "failed"))")
                continue
            }
            let attemptedAt = now()
            let message: DeliveryMessage
            do {
                message = try settings.composer.passwordSetNotice(via: route, content: content, idempotencyKey: baseKey, tag: onboarding.id.rawValue,
                                                                  firstAttemptAt: existing?.firstAttemptAt ?? attemptedAt)
            } catch {
                failures.append("the \(DeliveryTemplateFormat(channel: route.channel)) notice could not be composed (\(error))")
                continue
            }
            let attempt: (record: DeliveryRecord, transientError: DeliveryError?)
            do {
                attempt = try await self.attempt(
                    message, recording: existing ?? Self.record(of: message, kind: kind, via: route, caseID: onboarding.id, round: round, at: attemptedAt))
            } catch {
                logger.error("the delivery record could not be saved; the password-set notice is not sent", metadata: ["case": "\(onboarding.id)", "error": "\(error)"])
                return .unsettled("password-set notice not sent: the delivery record could not be saved")
            }
            let record = attempt.record
            switch record.status {
            case .accepted, .delivered:
                let earlier = failures.isEmpty ? "" : " (\(failures.joined(separator: "; ")))"
                return .settled("password-set notice sent by \(record.channel) to \(record.maskedRecipient)\(earlier)")
            case .sending:
                unanswered = true
                failures.append("\(route.channel) to \(record.maskedRecipient) did not answer (\(attempt.transientError?.description ?? "unknown"))")
            case .failed:
                failures.append("\(route.channel) to \(record.maskedRecipient) was refused (\(record.detail ?? "failed"))")
            }
            logger.warning("password-set notice not taken by this route", metadata: ["case": "\(onboarding.id)", "channel": "\(route.channel)"])
        }
        let summary = "password-set notice not sent: " + failures.joined(separator: "; ")
        return unanswered ? .unsettled(summary) : .settled(summary)
    }
}
