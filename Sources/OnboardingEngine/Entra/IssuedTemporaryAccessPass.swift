public import Credentials
public import Foundation
public import Microsoft
public import Onboarding
public import Store

/// The Temporary Access Pass Firstkey created for a case, as kept sealed in the store (kind
/// `temporary-access-pass`, AES-GCM bound to the case ID, like the temporary password): the pass
/// for the deliver step, and what the complete and clean-up steps need to find and delete it.
/// Only Firstkey's own record says a pass is Firstkey's: a pass someone else created is never
/// deleted by it.
public struct IssuedTemporaryAccessPass: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let secretKind = "temporary-access-pass"

    /// Redacted in every textual form; `pass.revealedValue` only for the delivery channel.
    public var pass: TemporaryAccessPassSecret
    /// The pass's authentication method ID in Graph.
    public var methodID: String
    /// The Entra user (object ID) it belongs to.
    public var userID: String
    public var createdAt: Date
    /// When it becomes valid; nil: at creation.
    public var validFrom: Date?
    public var expiresAt: Date
    public var isUsableOnce: Bool
    /// Passwordless methods the user already had when the pass was created: only a method
    /// registered after it ends the pass's life early.
    public var passwordlessMethodIDsBefore: [String]

    public init(pass: TemporaryAccessPassSecret, methodID: String, userID: String, createdAt: Date, validFrom: Date?, expiresAt: Date,
                isUsableOnce: Bool, passwordlessMethodIDsBefore: [String]) {
        self.pass = pass
        self.methodID = methodID
        self.userID = userID
        self.createdAt = createdAt
        self.validFrom = validFrom
        self.expiresAt = expiresAt
        self.isUsableOnce = isUsableOnce
        self.passwordlessMethodIDsBefore = passwordlessMethodIDsBefore
    }

    /// The pass value was wiped when its pickup ended (picked up, destroyed or expired); the
    /// record stays for the complete and clean-up steps, which need only its method ID.
    public var isWiped: Bool { pass.revealedValue.isEmpty }

    /// The same record without the pass, sealed in place of the old one.
    public func wiped() -> IssuedTemporaryAccessPass {
        var copy = self
        copy.pass = TemporaryAccessPassSecret("")
        return copy
    }

    public var description: String {
        "Temporary Access Pass \(methodID) of \(userID) (\(isUsableOnce ? "one-time" : "multi-use"), expires \(expiresAt.formatted(.iso8601)))"
    }

    public var debugDescription: String { description }
    /// Everything but the pass, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["methodID": methodID, "userID": userID, "createdAt": createdAt, "validFrom": validFrom as Any, "expiresAt": expiresAt,
                                "isUsableOnce": isUsableOnce, "passwordlessMethodIDsBefore": passwordlessMethodIDsBefore])
    }

    /// The case's pass, opened, or nil if none is on record.
    public static func load(for caseID: CaseID, from store: any CaseStore, sealer: SecretSealer) async throws -> IssuedTemporaryAccessPass? {
        guard let stored = try await store.sealedSecret(kind: secretKind, for: caseID) else { return nil }
        let document = try sealer.open(SealedSecret(storageText: stored), context: caseID.rawValue)
        return try IssuedTemporaryAccessPass(document: document)
    }

    /// Seals and stores it for the case, replacing any earlier record.
    public func store(for caseID: CaseID, in store: any CaseStore, sealer: SecretSealer, at now: Date) async throws {
        let sealed = try sealer.seal(try document(), context: caseID.rawValue)
        try await store.storeSealedSecret(sealed.storageText, kind: Self.secretKind, for: caseID, at: now)
    }

    // The whole record is one sealed document, so the pass and its method ID are stored in one
    // write: no crash can leave one without the other.
    private struct Document: Codable {
        var pass: String
        var methodID: String
        var userID: String
        var createdAt: Date
        var validFrom: Date?
        var expiresAt: Date
        var isUsableOnce: Bool
        var passwordlessMethodIDsBefore: [String]
    }

    private func document() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(Document(pass: pass.revealedValue, methodID: methodID, userID: userID, createdAt: createdAt, validFrom: validFrom,
                                               expiresAt: expiresAt, isUsableOnce: isUsableOnce, passwordlessMethodIDsBefore: passwordlessMethodIDsBefore))
        return String(decoding: data, as: UTF8.self)
    }

    private init(document: String) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let stored = try decoder.decode(Document.self, from: Data(document.utf8))
        self.init(pass: TemporaryAccessPassSecret(stored.pass), methodID: stored.methodID, userID: stored.userID, createdAt: stored.createdAt,
                  validFrom: stored.validFrom, expiresAt: stored.expiresAt, isUsableOnce: stored.isUsableOnce,
                  passwordlessMethodIDsBefore: stored.passwordlessMethodIDsBefore)
    }
}
