public import Credentials
public import Directory
import Foundation
public import Onboarding
public import Store

/// Generates a case's temporary password once, keeps it sealed (AES-GCM, bound to the case ID)
/// in the store, and hands out that same password every time the step runs again. The store never
/// holds it in plaintext; the engine deletes it when the case ends.
public struct SealedPasswordIssuer: TemporaryPasswordIssuer {
    public static let secretKind = "temporary-password"

    let store: any CaseStore
    let sealer: SecretSealer
    let style: PasswordGenerator.Style

    public init(store: any CaseStore, sealer: SecretSealer, style: PasswordGenerator.Style = .random) {
        self.store = store
        self.sealer = sealer
        self.style = style
    }


    public func password(for onboarding: OnboardingCase, policy: ADPasswordPolicy, user: ADUser) async throws -> String {
        let context = onboarding.id.rawValue
        if let stored = try await store.sealedSecret(kind: Self.secretKind, for: onboarding.id) {
            return try sealer.open(SealedSecret(storageText: stored), context: context)
        }
        let requirements = PasswordRequirements(minimumLength: max(policy.minimumLength, 12), complexityRequired: policy.complexityRequired)
            .forbidding(PasswordRequirements.accountTokens(accountName: user.samAccountName ?? "", displayName: user.displayName))
        let generated = try PasswordGenerator().generate(style: style, requirements: requirements)
        try await store.storeSealedSecret(try sealer.seal(generated.value, context: context).storageText, kind: Self.secretKind, for: onboarding.id, at: Date())
        return generated.value
    }
}
