import Foundation
import Testing

@testable import Credentials

@Suite struct PasswordRequirementsTests {
    let ad = PasswordRequirements.activeDirectoryDefault

    @Test(arguments: ["Password1", "Pässwörd1", "pass-word1", "PASS-WORD1", "パスワード12ab", "Tr0ub4dor&3", "aB3!"])
    func meetsADComplexity(password: String) {
        let requirements = PasswordRequirements(minimumLength: 4)
        #expect(requirements.violations(of: password).isEmpty)
    }

    @Test(arguments: ["password", "PASSWORD1", "pass word!", "12345678!", "passwordpassword", "パスワードパスワード"])
    func failsADComplexity(password: String) {
        let violations = ad.violations(of: password)
        #expect(violations.count == 1)
        #expect(violations.first?.contains("at least three") == true)
    }

    @Test func withoutComplexityAnyCharactersWillDo() {
        let requirements = PasswordRequirements(minimumLength: 8, complexityRequired: false)
        #expect(requirements.violations(of: "password").isEmpty)
    }

    @Test func lengthLimits() {
        #expect(ad.violations(of: "Ab1!xy") == ["The password must be at least 7 characters long."])
        #expect(ad.violations(of: "Ab1!xyz").isEmpty)
        let long = "Ab1!" + String(repeating: "x", count: 125)
        #expect(ad.violations(of: long) == ["The password must be at most 128 characters long."])
        #expect(ad.violations(of: String(long.dropLast())).isEmpty)
    }

    @Test func accountTokensFollowAD() {
        #expect(
            PasswordRequirements.accountTokens(accountName: "jsmith", displayName: "John Smith")
                == ["jsmith", "John", "Smith"]
        )
        #expect(
            PasswordRequirements.accountTokens(accountName: "ann.lee", displayName: "Lee, Ann-Marie (HR)")
                == ["ann.lee", "Lee", "Ann", "Marie", "(HR)"]
        )
        // Names and tokens under three characters are not checked by AD.
        #expect(PasswordRequirements.accountTokens(accountName: "wu", displayName: "Li Wu").isEmpty)
        // Duplicates differing only in case are kept once.
        #expect(PasswordRequirements.accountTokens(accountName: "smith", displayName: "SMITH").count == 1)
    }

    @Test func forbiddenSubstringsAreCaseInsensitive() {
        let tokens = PasswordRequirements.accountTokens(accountName: "jsmith", displayName: "John Smith")
        let requirements = ad.forbidding(tokens)
        for password in ["MyJSmith!2024", "jOhN-2024-xyz", "Blacksmith#1"] {
            #expect(
                requirements.violations(of: password)
                    == ["The password must not contain the account name or any part of the user's name."]
            )
        }
        #expect(requirements.violations(of: "Jo-Sm1th!xyz").isEmpty)
        // Shorter entries are ignored, as AD ignores them.
        #expect(PasswordRequirements(minimumLength: 7, forbiddenSubstrings: ["ab"]).violations(of: "Abcdef1!").isEmpty)
    }

    @Test func violationsNeverRepeatThePasswordOrForbiddenStrings() {
        let requirements = PasswordRequirements(minimumLength: 40, forbiddenSubstrings: ["canary"])
        let password = "canarysecret"
        let violations = requirements.violations(of: password)
        #expect(violations.count == 3)
        for sentence in violations {
            #expect(!sentence.lowercased().contains("canary"))
            #expect(!sentence.lowercased().contains("secret"))
        }
    }

    @Test func decodesWithDefaultsAndRoundTrips() throws {
        let decoded = try JSONDecoder().decode(PasswordRequirements.self, from: Data(#"{"minimumLength": 12}"#.utf8))
        #expect(decoded == PasswordRequirements(minimumLength: 12))
        #expect(decoded.complexityRequired)
        #expect(decoded.forbiddenSubstrings.isEmpty)
        #expect(decoded.maximumLength == 128)

        let full = PasswordRequirements(
            minimumLength: 10, complexityRequired: false, forbiddenSubstrings: ["jsmith"], maximumLength: 64
        )
        let roundTripped = try JSONDecoder().decode(PasswordRequirements.self, from: JSONEncoder().encode(full))
        #expect(roundTripped == full)
    }
}
