import Foundation
import Onboarding

/// The case as stored: a JSON document plus the columns the store queries by.
enum CaseDocument {
    static func encode(_ onboarding: OnboardingCase) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(onboarding), as: UTF8.self)
    }

    static func decode(_ text: String, caseID: String) throws -> OnboardingCase {
        do {
            return try JSONDecoder().decode(OnboardingCase.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corrupt, "case \(caseID) could not be read back: \(error)")
        }
    }

    /// When the case is next due (its current step, or a report of its outcome); nil when
    /// nothing is left to do.
    static func nextAttempt(of onboarding: OnboardingCase) -> Date? { onboarding.nextDueAt }
}

/// Delivery records as stored: one JSON document each.
enum DeliveryDocument {
    static func encode(_ record: DeliveryRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> DeliveryRecord {
        do {
            return try JSONDecoder().decode(DeliveryRecord.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corrupt, "a delivery record could not be read back: \(error)")
        }
    }
}
