public import Delivery
import Foundation
import Onboarding
import Store

extension OnboardingEngine {
    /// A provider's later word on a message (a Twilio status callback, an ACS delivery report):
    /// the message's record takes it, and the case is nudged, so that a message reported as not
    /// delivered goes out over its next route at once (the complete step re-runs delivery, which
    /// sends only what is not accepted). Returns false when no record has that provider ID.
    /// Reports of the same final status again (providers retry) change nothing.
    @discardableResult
    public func record(_ report: DeliveryStatusReport) async throws -> Bool {
        guard var record = try await store.delivery(providerMessageID: report.providerMessageID) else { return false }
        let status: DeliveryRecord.Status
        let detail: String
        switch report.status {
        case .accepted: return true
        case .delivered:
            status = .delivered
            detail = "\(record.kind) by \(record.channel) to \(record.maskedRecipient) was delivered (\(report.provider))"
        case .failed(let reason):
            status = .failed
            detail = "\(record.kind) by \(record.channel) to \(record.maskedRecipient) was not delivered: \(reason)"
            record.detail = reason
        }
        guard record.status != status, record.status != .failed else { return true }
        record.status = status
        record.updatedAt = now()
        // The record and its audit entry in one transaction; then the case's step is made due now
        // (best effort: it looks at the record again at its next attempt anyway).
        let actor = "provider:\(report.provider)", event = status == .failed ? "delivery.failed" : "delivery.delivered"
        try await store.saveDelivery(record, audit: [AuditEvent(at: record.updatedAt, actor: actor, event: event, detail: detail)])
        await makeDue(record.caseID, actor: actor, event: event)
        return true
    }
}
