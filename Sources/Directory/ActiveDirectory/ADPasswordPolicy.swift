// The password policy that applies to a user: the domain's (attributes on the domain root
// object) or a fine-grained Password Settings Object named by the user's msDS-ResultantPSO.
//
// Firstkey checks a first password against it before writing, so that an administrator sees
// "shorter than the required 12 characters" instead of the DC's bare 0000052D. Only length and
// complexity can be checked here; history and minimum age are known only to the DC.

/// The password rules that apply to a user.
public struct ADPasswordPolicy: Sendable, Hashable {
    /// Where the rules were read from.
    public enum Source: Sendable, Hashable {
        /// The domain-wide policy on the domain root object, e.g. `DC=ad,DC=example,DC=test`.
        case domain(dn: String)
        /// A fine-grained Password Settings Object (the user's `msDS-ResultantPSO`).
        case fineGrained(psoDN: String)
    }

    /// Where the rules were read from.
    public var source: Source
    /// The fewest characters (UTF-16 code units, as the DC counts) a password may have.
    public var minimumLength: Int
    /// Whether the Windows complexity rules apply (three of five character categories, and no
    /// account name or display-name part).
    public var complexityRequired: Bool
    /// How many previous passwords the DC remembers and refuses.
    public var historyLength: Int
    /// How long a password must be kept before the user may change it; zero for no minimum.
    public var minimumAge: Duration
    /// How long a password stays valid; `nil` when passwords never expire.
    public var maximumAge: Duration?
    /// Failed logons before the account locks; zero when accounts never lock.
    public var lockoutThreshold: Int
    /// How long a lockout lasts; `nil` when it lasts until an administrator unlocks the account.
    public var lockoutDuration: Duration?

    public init(
        source: Source,
        minimumLength: Int,
        complexityRequired: Bool,
        historyLength: Int,
        minimumAge: Duration = .zero,
        maximumAge: Duration? = nil,
        lockoutThreshold: Int = 0,
        lockoutDuration: Duration? = nil
    ) {
        self.source = source
        self.minimumLength = minimumLength
        self.complexityRequired = complexityRequired
        self.historyLength = historyLength
        self.minimumAge = minimumAge
        self.maximumAge = maximumAge
        self.lockoutThreshold = lockoutThreshold
        self.lockoutDuration = lockoutDuration
    }

    // MARK: Reading from the directory

    /// The attributes to request on the domain root object for ``fromDomainAttributes(_:dn:)``.
    public static let domainAttributeNames = [
        "minPwdLength", "pwdProperties", "pwdHistoryLength", "minPwdAge", "maxPwdAge", "lockoutThreshold", "lockoutDuration",
    ]

    /// The attributes to request on a Password Settings Object for
    /// ``fromPasswordSettingsObject(_:dn:)``.
    public static let passwordSettingsAttributeNames = [
        "msDS-MinimumPasswordLength", "msDS-PasswordComplexityEnabled", "msDS-PasswordHistoryLength",
        "msDS-MinimumPasswordAge", "msDS-MaximumPasswordAge", "msDS-LockoutThreshold", "msDS-LockoutDuration",
    ]

    /// Reads the domain policy from the attributes of the domain root object.
    ///
    /// Attribute names match ignoring case. All of ``domainAttributeNames`` must be present:
    /// a missing one usually means the search did not ask for it.
    ///
    /// - Throws: ``ADPasswordPolicyError`` naming the missing or unreadable attribute.
    public static func fromDomainAttributes(_ attrs: [String: [String]], dn: String) throws(ADPasswordPolicyError) -> ADPasswordPolicy {
        let reader = AttributeReader(attributes: attrs, dn: dn)
        let properties = try reader.integer("pwdProperties")
        return ADPasswordPolicy(
            source: .domain(dn: dn),
            minimumLength: try reader.count("minPwdLength"),
            // DOMAIN_PASSWORD_COMPLEX is the lowest bit of pwdProperties.
            complexityRequired: properties & 0x1 != 0,
            historyLength: try reader.count("pwdHistoryLength"),
            minimumAge: try reader.interval("minPwdAge") ?? .zero,
            maximumAge: try reader.expiry("maxPwdAge"),
            lockoutThreshold: try reader.count("lockoutThreshold"),
            lockoutDuration: try reader.lockoutDuration("lockoutDuration")
        )
    }

    /// Reads a fine-grained policy from the attributes of a Password Settings Object
    /// (`msDS-PasswordSettings`), e.g. the DN in a user's `msDS-ResultantPSO`.
    ///
    /// Attribute names match ignoring case. All of ``passwordSettingsAttributeNames`` must be
    /// present (they are mandatory attributes of the class).
    ///
    /// - Throws: ``ADPasswordPolicyError`` naming the missing or unreadable attribute.
    public static func fromPasswordSettingsObject(_ attrs: [String: [String]], dn: String) throws(ADPasswordPolicyError) -> ADPasswordPolicy {
        let reader = AttributeReader(attributes: attrs, dn: dn)
        return ADPasswordPolicy(
            source: .fineGrained(psoDN: dn),
            minimumLength: try reader.count("msDS-MinimumPasswordLength"),
            complexityRequired: try reader.boolean("msDS-PasswordComplexityEnabled"),
            historyLength: try reader.count("msDS-PasswordHistoryLength"),
            minimumAge: try reader.interval("msDS-MinimumPasswordAge") ?? .zero,
            maximumAge: try reader.expiry("msDS-MaximumPasswordAge"),
            lockoutThreshold: try reader.count("msDS-LockoutThreshold"),
            lockoutDuration: try reader.lockoutDuration("msDS-LockoutDuration")
        )
    }

    // MARK: Describing

    /// The rules in a few words, e.g. "minimum length 12, complexity required, last 24
    /// passwords remembered, minimum age 1 day".
    public var summary: String {
        var parts: [String] = []
        parts.append(minimumLength > 0 ? "minimum length \(minimumLength)" : "no minimum length")
        parts.append(complexityRequired ? "complexity required" : "complexity not required")
        switch historyLength {
        case ...0: parts.append("no password history")
        case 1: parts.append("last password remembered")
        default: parts.append("last \(historyLength) passwords remembered")
        }
        if minimumAge > .zero {
            parts.append("minimum age \(Self.describe(minimumAge))")
        }
        return parts.joined(separator: ", ")
    }

    /// A duration in the largest whole unit that divides it: "1 day", "42 days", "30 minutes".
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard attoseconds == 0 else {
            let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
            return milliseconds == 1 ? "1 millisecond" : "\(milliseconds) milliseconds"
        }
        let units: [(Int64, String)] = [(86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")]
        for (size, name) in units where seconds % size == 0 {
            let count = seconds / size
            return count == 1 ? "1 \(name)" : "\(count) \(name)s"
        }
        return "\(seconds) seconds"
    }

    // MARK: Checking a password

    /// The rules `password` breaks, each as a sentence for an administrator; empty when it
    /// passes every rule that can be checked without the DC (length and complexity; history
    /// and minimum age are checked by the DC only).
    ///
    /// The sentences never contain the password or the parts of it that broke a rule.
    ///
    /// - Parameters:
    ///   - samAccountName: The user's `sAMAccountName`; with complexity on, the password must not
    ///     contain it (ignoring case) when it is 3 characters or longer.
    ///   - displayName: The user's `displayName`; with complexity on, the password must not contain
    ///     any of its parts of 3 or more characters, split at `, . - _ #`, tabs and spaces.
    public func violations(of password: String, samAccountName: String?, displayName: String?) -> [String] {
        var result: [String] = []

        // Windows counts UTF-16 code units, so a character outside the BMP counts twice.
        if password.utf16.count < minimumLength {
            result.append(
                "The password is shorter than the \(minimumLength) characters the \(policyName) requires."
            )
        }

        guard complexityRequired else { return result }

        let categories = PasswordCharacterCategory.categories(in: password)
        if categories.count < 3 {
            result.append(
                "The password uses characters from only \(categories.count) of the five categories "
                    + "(uppercase letters, lowercase letters, digits, symbols, letters without case); "
                    + "the \(policyName) requires at least three."
            )
        }

        let loweredPassword = password.lowercased()
        if let samAccountName, samAccountName.count >= 3, loweredPassword.contains(samAccountName.lowercased()) {
            result.append("The password contains the user's account name (sAMAccountName), which the \(policyName) forbids.")
        }

        if let displayName {
            let tokens = displayName.split(whereSeparator: { ",.-_#\t ".contains($0) })
            let containsToken = tokens.contains { token in
                token.count >= 3 && loweredPassword.contains(token.lowercased())
            }
            if containsToken {
                result.append("The password contains part of the user's display name, which the \(policyName) forbids.")
            }
        }
        return result
    }

    var policyName: String {
        switch source {
        case .domain: "domain password policy"
        case .fineGrained: "fine-grained password policy"
        }
    }
}

/// The five character categories of the Windows complexity rule
/// ("Passwords must meet complexity requirements").
enum PasswordCharacterCategory: Sendable, Hashable, CaseIterable {
    case uppercase
    case lowercase
    case digit
    case symbol
    /// Alphabetic characters that are neither upper- nor lowercase, e.g. most Asian scripts.
    case letterWithoutCase

    init(_ character: Character) {
        if character.isLetter && character.isUppercase {
            self = .uppercase
        } else if character.isLetter && character.isLowercase {
            self = .lowercase
        } else if character.isLetter {
            self = .letterWithoutCase
        } else if character.isNumber && character.isWholeNumber {
            self = .digit
        } else {
            // Everything else that is neither letter nor digit: punctuation, currency symbols, emoji.
            self = .symbol
        }
    }

    /// A space counts for no category: the DC does not take it for a symbol (Samba's check is
    /// ispunct(), Windows lists ~!@#$%^&*_-+=`|\(){}[]:;"'<>,.?/).
    static func categories(in password: String) -> Set<PasswordCharacterCategory> {
        Set(password.filter { !$0.isWhitespace }.map(PasswordCharacterCategory.init))
    }
}

/// Case-insensitive, typed access to attributes returned by a search.
private struct AttributeReader {
    let attributes: [String: [String]]
    let dn: String

    // AD stores "never" as the most negative 64-bit value.
    static let never = Int64.min

    func value(_ name: String) throws(ADPasswordPolicyError) -> String {
        let lowered = name.lowercased()
        guard let values = attributes.first(where: { $0.key.lowercased() == lowered })?.value, let first = values.first else {
            throw ADPasswordPolicyError(code: .missingAttribute, attribute: name, dn: dn)
        }
        guard values.count == 1 else {
            throw ADPasswordPolicyError(code: .invalidValue, attribute: name, dn: dn)
        }
        return first.trimmingSpaces()
    }

    func integer(_ name: String) throws(ADPasswordPolicyError) -> Int64 {
        guard let number = Int64(try value(name)) else {
            throw ADPasswordPolicyError(code: .invalidValue, attribute: name, dn: dn)
        }
        return number
    }

    func count(_ name: String) throws(ADPasswordPolicyError) -> Int {
        let number = try integer(name)
        guard number >= 0, let result = Int(exactly: number) else {
            throw ADPasswordPolicyError(code: .invalidValue, attribute: name, dn: dn)
        }
        return result
    }

    func boolean(_ name: String) throws(ADPasswordPolicyError) -> Bool {
        switch try value(name).uppercased() {
        case "TRUE": return true
        case "FALSE": return false
        default: throw ADPasswordPolicyError(code: .invalidValue, attribute: name, dn: dn)
        }
    }

    /// An interval stored as negative 100-nanosecond ticks; nil for "never".
    func interval(_ name: String) throws(ADPasswordPolicyError) -> Duration? {
        let ticks = try integer(name)
        guard ticks != Self.never else { return nil }
        // Written as negative numbers by Windows; take the size so a positive value also reads.
        let magnitude = ticks.magnitude
        return Duration.seconds(Int64(magnitude / 10_000_000)) + Duration.nanoseconds(Int64(magnitude % 10_000_000) * 100)
    }

    /// A maximum age: "never" and zero both mean passwords do not expire.
    func expiry(_ name: String) throws(ADPasswordPolicyError) -> Duration? {
        guard let duration = try interval(name), duration != .zero else { return nil }
        return duration
    }

    /// A lockout duration: "never" (and, as the Group Policy editor writes it, zero) mean until
    /// an administrator unlocks the account.
    func lockoutDuration(_ name: String) throws(ADPasswordPolicyError) -> Duration? {
        try expiry(name)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}

/// Why a password policy could not be read from the directory.
public struct ADPasswordPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case missingAttribute
            case invalidValue
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The attribute was not in the search result.
        public static let missingAttribute = Code(.missingAttribute)
        /// The attribute's value is not what the schema allows.
        public static let invalidValue = Code(.invalidValue)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The attribute that was missing or unreadable.
    public let attribute: String
    /// The object the policy was read from.
    public let dn: String

    public init(code: Code, attribute: String, dn: String) {
        self.code = code
        self.attribute = attribute
        self.dn = dn
    }

    public var description: String {
        if code == .missingAttribute {
            return "The password policy on \(dn) could not be read because the attribute \(attribute) was not returned; "
                + "check that the search asks for it and that the service account may read it."
        }
        return "The password policy on \(dn) could not be read because the attribute \(attribute) does not hold a single valid value."
    }
}
