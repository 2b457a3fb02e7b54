import Delivery
import Logging
public import Foundation
public import Onboarding
import Store

extension DeliverySteps {
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
    /// so a second call for the same case and round sends nothing. It never throws: the caller is a
    /// web request, and a notice that cannot be sent must not undo the password that was set.
    public func notifyPasswordSet(_ onboarding: OnboardingCase, at time: Date) async -> String {
        let kind = DeliveryMessageKind.passwordSetNotice
        let channels = settings.channels.kinds
        let routes = DeliveryPolicy.passwordSetNoticeRoutes(recipients: onboarding.recipients, channels: channels)
        guard !routes.isEmpty else {
            let reason = DeliveryPolicy.passwordSetNoticeRefusal(recipients: onboarding.recipients, channels: channels) ?? "no route"
            return "password-set notice not sent: \(reason)"
        }
        let round = onboarding.resendCount
        let records: [DeliveryRecord]
        do {
            records = try await store.deliveries(for: onboarding.id).filter { $0.kind == kind.rawValue && $0.round == round }
        } catch {
            logger.error("the delivery records could not be read; the password-set notice is not sent", metadata: ["case": "\(onboarding.id)", "error": "\(error)"])
            return "password-set notice not sent: the delivery records could not be read"
        }
        if let sent = records.first(where: { $0.status == .accepted || $0.status == .delivered }) {
            return "password-set notice already sent by \(sent.channel) to \(sent.maskedRecipient)"
        }

        let content = DeliveryContent(username: onboarding.identity.userPrincipalName ?? onboarding.identity.samAccountName ?? "",
                                      hireLanguage: settings.language, managerLanguage: settings.language, passwordSetAt: time)
        let baseKey = DeliveryIdempotencyKey.delivery(caseID: onboarding.id.rawValue, round: round)
        var failures: [String] = []
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
                return "password-set notice not sent: the delivery record could not be saved"
            }
            let record = attempt.record
            switch record.status {
            case .accepted, .delivered:
                let earlier = failures.isEmpty ? "" : " (\(failures.joined(separator: "; ")))"
                return "password-set notice sent by \(record.channel) to \(record.maskedRecipient)\(earlier)"
            case .sending:
                failures.append("\(route.channel) to \(record.maskedRecipient) did not answer (\(attempt.transientError?.description ?? "unknown"))")
            case .failed:
                failures.append("\(route.channel) to \(record.maskedRecipient) was refused (\(record.detail ?? "failed"))")
            }
            logger.warning("password-set notice not taken by this route", metadata: ["case": "\(onboarding.id)", "channel": "\(route.channel)"])
        }
        return "password-set notice not sent: " + failures.joined(separator: "; ")
    }
}
