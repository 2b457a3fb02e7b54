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

    /// When the case's current step is next due; nil when nothing is due (ended cases).
    static func nextAttempt(of onboarding: OnboardingCase) -> Date? {
        guard !onboarding.state.isTerminal else { return nil }
        return onboarding.currentStep?.nextAttemptAt
    }
}
