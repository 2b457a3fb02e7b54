public import Foundation

/// The facts of one case that messages are made of. It holds the pickup link and code, so it
/// never prints them (`description` and `dump` show only which values are present).
public struct DeliveryContent: Sendable, Hashable {
    /// What the hire signs in with (UPN or sAMAccountName, as the organization tells hires).
    public var username: String
    public var displayName: String?
    /// The one-time pickup page link (temporary password, TAP).
    public var pickupLink: URL?
    /// The code the pickup page asks for (temporary password, TAP).
    public var pickupCode: String?
    /// When the pickup link stops working.
    public var pickupExpiresAt: Date?
    /// The first-password portal (self-service; also named in the manager notice).
    public var portalLink: URL?
    /// The hire's first day.
    public var hireDate: Date?
    /// When the hire's first password was set (the password-set notice).
    public var passwordSetAt: Date?
    public var hireLanguage: DeliveryLanguage
    public var managerLanguage: DeliveryLanguage

    public init(
        username: String, displayName: String? = nil, pickupLink: URL? = nil, pickupCode: String? = nil, pickupExpiresAt: Date? = nil,
        portalLink: URL? = nil, hireDate: Date? = nil, hireLanguage: DeliveryLanguage = .english, managerLanguage: DeliveryLanguage = .english,
        passwordSetAt: Date? = nil
    ) {
        self.username = username
        self.displayName = displayName
        self.pickupLink = pickupLink
        self.pickupCode = pickupCode
        self.pickupExpiresAt = pickupExpiresAt
        self.portalLink = portalLink
        self.hireDate = hireDate
        self.hireLanguage = hireLanguage
        self.managerLanguage = managerLanguage
        self.passwordSetAt = passwordSetAt
    }

    /// The values no error or log may show.
    var sensitiveValues: [String] {
        [pickupCode, pickupLink?.absoluteString].compactMap { $0 }.filter { !$0.isEmpty }
    }
}

extension DeliveryContent: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "DeliveryContent(username: \(username), pickupLink: \(pickupLink == nil ? "none" : "<redacted>"), pickupCode: \(pickupCode == nil ? "none" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "hasPickupLink": pickupLink != nil, "hasPickupCode": pickupCode != nil], displayStyle: .struct)
    }
}
