/// What a directory demands of a new password: the rules of an Active Directory password policy
/// ("Password must meet complexity requirements", minimum length) plus the account-specific
/// strings AD refuses to find inside a password.
public struct PasswordRequirements: Hashable, Sendable, Codable {
    /// The fewest characters a password may have.
    public var minimumLength: Int
    /// Whether AD's complexity rule applies: characters from at least three of upper-case
    /// letters, lower-case letters, digits and symbols.
    public var complexityRequired: Bool
    /// Strings a password must not contain, compared without regard to case: the
    /// sAMAccountName and the display-name tokens (see ``accountTokens(accountName:displayName:)``).
    /// Entries shorter than three characters are ignored, as AD ignores them.
    public var forbiddenSubstrings: [String]
    /// The most characters a password may have.
    public var maximumLength: Int

    public init(
        minimumLength: Int,
        complexityRequired: Bool = true,
        forbiddenSubstrings: [String] = [],
        maximumLength: Int = 128
    ) {
        self.minimumLength = minimumLength
        self.complexityRequired = complexityRequired
        self.forbiddenSubstrings = forbiddenSubstrings
        self.maximumLength = maximumLength
    }

    /// The Default Domain Policy of a new AD domain: seven characters, complexity on.
    public static let activeDirectoryDefault = PasswordRequirements(minimumLength: 7)

    /// The same requirements, also forbidding `tokens` (typically the account's own name tokens).
    public func forbidding(_ tokens: [String]) -> PasswordRequirements {
        var copy = self
        copy.forbiddenSubstrings += tokens
        return copy
    }

    /// Why `password` would be refused, as sentences for the person choosing it; empty if it
    /// meets every requirement. The sentences never repeat the password or the forbidden strings.
    public func violations(of password: String) -> [String] {
        var violations: [String] = []
        // AD counts UTF-16 code units; counting characters for the minimum and code units for the
        // maximum keeps this check at least as strict as AD's in both directions.
        if password.count < minimumLength {
            violations.append("The password must be at least \(minimumLength) characters long.")
        }
        if password.utf16.count > maximumLength {
            violations.append("The password must be at most \(maximumLength) characters long.")
        }
        if complexityRequired && Self.characterCategories(in: password).count < 3 {
            violations.append(
                "The password must contain characters from at least three of these groups: "
                    + "upper-case letters, lower-case letters, digits and symbols."
            )
        }
        if containsForbiddenSubstring(password) {
            violations.append("The password must not contain the account name or any part of the user's name.")
        }
        return violations
    }

    /// Whether `password` meets every requirement.
    public func isSatisfied(by password: String) -> Bool {
        violations(of: password).isEmpty
    }

    /// The strings AD's complexity rule forbids for an account: the sAMAccountName (when it has
    /// at least three characters) and each token of at least three characters of the display
    /// name, which AD splits at commas, periods, hyphens, underscores, number signs and white space.
    public static func accountTokens(accountName: String, displayName: String?) -> [String] {
        var tokens: [String] = []
        if accountName.count >= 3 {
            tokens.append(accountName)
        }
        if let displayName {
            let separators: Set<Character> = [",", ".", "-", "_", "#"]
            for token in displayName.split(whereSeparator: { separators.contains($0) || $0.isWhitespace })
            where token.count >= 3 {
                tokens.append(String(token))
            }
        }
        var seen: Set<String> = []
        return tokens.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The forbidden substrings AD would enforce: at least three characters, lower-cased.
    var effectiveForbiddenSubstrings: [String] {
        forbiddenSubstrings.filter { $0.count >= 3 }.map { $0.lowercased() }
    }

    func containsForbiddenSubstring(_ password: String) -> Bool {
        let forbidden = effectiveForbiddenSubstrings
        guard !forbidden.isEmpty else { return false }
        let lowered = password.lowercased()
        return forbidden.contains { lowered.contains($0) }
    }

    enum CharacterCategory: CaseIterable {
        case upper, lower, digit, symbol, otherLetter
    }

    /// AD's five categories: its documentation lists a fifth, letters that are neither upper nor
    /// lower case (as in CJK scripts), which the complexity rule counts like the other four.
    static func characterCategories(in password: String) -> Set<CharacterCategory> {
        var categories: Set<CharacterCategory> = []
        for character in password {
            if character.isUppercase {
                categories.insert(.upper)
            } else if character.isLowercase {
                categories.insert(.lower)
            } else if character.isASCII && character.isNumber {
                categories.insert(.digit)
            } else if character.isLetter {
                categories.insert(.otherLetter)
            } else if !character.isWhitespace && !character.isControl {
                categories.insert(.symbol)
            }
        }
        return categories
    }

    private enum CodingKeys: String, CodingKey {
        case minimumLength, complexityRequired, forbiddenSubstrings, maximumLength
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            minimumLength: try container.decode(Int.self, forKey: .minimumLength),
            complexityRequired: try container.decodeIfPresent(Bool.self, forKey: .complexityRequired) ?? true,
            forbiddenSubstrings: try container.decodeIfPresent([String].self, forKey: .forbiddenSubstrings) ?? [],
            maximumLength: try container.decodeIfPresent(Int.self, forKey: .maximumLength) ?? 128
        )
    }
}

extension Character {
    fileprivate var isControl: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
