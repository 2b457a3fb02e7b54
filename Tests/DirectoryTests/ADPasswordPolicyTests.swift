import Testing

@testable import Directory

@Suite struct ADPasswordPolicyTests {
    static let domainDN = "DC=ad,DC=example,DC=test"
    static let psoDN = "CN=NewHires,CN=Password Settings Container,CN=System,DC=ad,DC=example,DC=test"

    /// Samba's provisioned defaults, as the testenv README lists them.
    static let sambaDomainAttributes: [String: [String]] = [
        "minPwdLength": ["7"],
        "pwdProperties": ["1"],
        "pwdHistoryLength": ["24"],
        "minPwdAge": ["-864000000000"],
        "maxPwdAge": ["-36288000000000"],
        "lockoutThreshold": ["0"],
        "lockoutDuration": ["-18000000000"],
    ]

    static let psoAttributes: [String: [String]] = [
        "msDS-MinimumPasswordLength": ["12"],
        "msDS-PasswordComplexityEnabled": ["TRUE"],
        "msDS-PasswordHistoryLength": ["24"],
        "msDS-MinimumPasswordAge": ["-864000000000"],
        "msDS-MaximumPasswordAge": ["-9223372036854775808"],
        "msDS-LockoutThreshold": ["5"],
        "msDS-LockoutDuration": ["-9223372036854775808"],
        "msDS-PasswordSettingsPrecedence": ["10"],
    ]

    static func policy(minimumLength: Int = 12, complexity: Bool = true) -> ADPasswordPolicy {
        ADPasswordPolicy(source: .domain(dn: domainDN), minimumLength: minimumLength, complexityRequired: complexity, historyLength: 24)
    }

    @Test func readsSambaDomainDefaults() throws {
        let policy = try ADPasswordPolicy.fromDomainAttributes(Self.sambaDomainAttributes, dn: Self.domainDN)
        #expect(policy.source == .domain(dn: Self.domainDN))
        #expect(policy.minimumLength == 7)
        #expect(policy.complexityRequired)
        #expect(policy.historyLength == 24)
        #expect(policy.minimumAge == .seconds(86_400))
        #expect(policy.maximumAge == .seconds(42 * 86_400))
        #expect(policy.lockoutThreshold == 0)
        #expect(policy.lockoutDuration == .seconds(30 * 60))
        #expect(policy.summary == "minimum length 7, complexity required, last 24 passwords remembered, minimum age 1 day")
    }

    @Test func readsPasswordSettingsObject() throws {
        let policy = try ADPasswordPolicy.fromPasswordSettingsObject(Self.psoAttributes, dn: Self.psoDN)
        #expect(policy.source == .fineGrained(psoDN: Self.psoDN))
        #expect(policy.minimumLength == 12)
        #expect(policy.complexityRequired)
        #expect(policy.historyLength == 24)
        #expect(policy.minimumAge == .seconds(86_400))
        #expect(policy.maximumAge == nil)
        #expect(policy.lockoutThreshold == 5)
        #expect(policy.lockoutDuration == nil)
        #expect(policy.summary == "minimum length 12, complexity required, last 24 passwords remembered, minimum age 1 day")
    }

    @Test func attributeNamesIgnoreCase() throws {
        var attributes: [String: [String]] = [:]
        for (name, values) in Self.sambaDomainAttributes {
            attributes[name.uppercased()] = values
        }
        attributes["PWDPROPERTIES"] = ["0"]
        let policy = try ADPasswordPolicy.fromDomainAttributes(attributes, dn: Self.domainDN)
        #expect(policy.minimumLength == 7)
        #expect(!policy.complexityRequired)

        var pso: [String: [String]] = [:]
        for (name, values) in Self.psoAttributes {
            pso[name.lowercased()] = values
        }
        pso["msds-passwordcomplexityenabled"] = ["false"]
        #expect(try !ADPasswordPolicy.fromPasswordSettingsObject(pso, dn: Self.psoDN).complexityRequired)
    }

    @Test(arguments: [("0", false), ("1", true), ("16", false), ("17", true), ("3", true), ("2", false)])
    func complexityIsTheLowestBitOfPwdProperties(_ value: String, _ expected: Bool) throws {
        var attributes = Self.sambaDomainAttributes
        attributes["pwdProperties"] = [value]
        #expect(try ADPasswordPolicy.fromDomainAttributes(attributes, dn: Self.domainDN).complexityRequired == expected)
    }

    @Test func neverAndZeroIntervals() throws {
        var attributes = Self.sambaDomainAttributes
        attributes["maxPwdAge"] = ["-9223372036854775808"]
        attributes["minPwdAge"] = ["0"]
        attributes["lockoutDuration"] = ["-9223372036854775808"]
        let policy = try ADPasswordPolicy.fromDomainAttributes(attributes, dn: Self.domainDN)
        #expect(policy.maximumAge == nil)
        #expect(policy.minimumAge == .zero)
        #expect(policy.lockoutDuration == nil)
        #expect(policy.summary == "minimum length 7, complexity required, last 24 passwords remembered")

        attributes["maxPwdAge"] = ["0"]
        attributes["minPwdAge"] = ["-15"]  // 1.5 microseconds
        let other = try ADPasswordPolicy.fromDomainAttributes(attributes, dn: Self.domainDN)
        #expect(other.maximumAge == nil)
        #expect(other.minimumAge == .nanoseconds(1_500))
    }

    private func error(_ attributes: [String: [String]]) -> ADPasswordPolicyError? {
        do {
            _ = try ADPasswordPolicy.fromDomainAttributes(attributes, dn: Self.domainDN)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingAttributeThrows() throws {
        for name in ADPasswordPolicy.domainAttributeNames {
            var attributes = Self.sambaDomainAttributes
            attributes[name] = nil
            let failure = try #require(error(attributes))
            #expect(failure.code == .missingAttribute)
            #expect(failure.attribute == name)
            #expect(failure.dn == Self.domainDN)
            #expect(failure.description.contains(name))
            #expect(failure.description.contains(Self.domainDN))
        }
        var empty = Self.sambaDomainAttributes
        empty["minPwdLength"] = []
        #expect(error(empty)?.code == .missingAttribute)
    }

    @Test(arguments: [
        ("minPwdLength", ["seven"]), ("minPwdLength", ["-1"]), ("minPwdLength", ["7", "8"]), ("pwdProperties", [""]),
        ("maxPwdAge", ["-1 day"]), ("maxPwdAge", ["-9223372036854775809"]), ("lockoutThreshold", ["1e3"]),
    ])
    func invalidValueThrows(_ name: String, _ values: [String]) {
        var attributes = Self.sambaDomainAttributes
        attributes[name] = values
        let failure = error(attributes)
        #expect(failure?.code == .invalidValue)
        #expect(failure?.attribute == name)
    }

    @Test func invalidBooleanThrows() {
        var pso = Self.psoAttributes
        pso["msDS-PasswordComplexityEnabled"] = ["yes"]
        #expect(throws: ADPasswordPolicyError.self) {
            try ADPasswordPolicy.fromPasswordSettingsObject(pso, dn: Self.psoDN)
        }
    }

    @Test func summaryVariants() {
        var policy = ADPasswordPolicy(source: .domain(dn: Self.domainDN), minimumLength: 0, complexityRequired: false, historyLength: 0)
        #expect(policy.summary == "no minimum length, complexity not required, no password history")
        policy.historyLength = 1
        policy.minimumAge = .seconds(2 * 3_600)
        #expect(policy.summary == "no minimum length, complexity not required, last password remembered, minimum age 2 hours")
        policy.minimumAge = .seconds(90)
        #expect(policy.summary.hasSuffix("minimum age 90 seconds"))
        policy.minimumAge = .seconds(2 * 86_400)
        #expect(policy.summary.hasSuffix("minimum age 2 days"))
        policy.minimumAge = .seconds(36 * 3_600)
        #expect(policy.summary.hasSuffix("minimum age 36 hours"))
    }

    // MARK: Violations

    @Test func acceptableGeneratedPassword() {
        let policy = Self.policy()
        #expect(policy.violations(of: "Xy7#kP9!mQ2$", samAccountName: "alice", displayName: "Alice Example").isEmpty)
    }

    @Test func tooShort() {
        let violations = Self.policy().violations(of: "Xy7#kP9!", samAccountName: nil, displayName: nil)
        #expect(violations == ["The password is shorter than the 12 characters the domain password policy requires."])
    }

    @Test func lengthCountsUTF16CodeUnitsLikeWindows() {
        let policy = Self.policy(minimumLength: 4, complexity: false)
        #expect(policy.violations(of: "😀😀", samAccountName: nil, displayName: nil).isEmpty)
        #expect(policy.violations(of: "😀", samAccountName: nil, displayName: nil).count == 1)
    }

    @Test(arguments: ["alllowercaseletters", "ALLUPPERCASE123", "abc123def456", "!!!!????####", "lower-and-symbols", "purple river 4711", "UPPER\tlower"])
    func notComplex(_ password: String) {
        let violations = Self.policy(minimumLength: 1).violations(of: password, samAccountName: nil, displayName: nil)
        #expect(violations.count == 1)
        #expect(violations.first?.contains("at least three") == true)
    }

    @Test(arguments: ["Lower1upper", "Пароль2024!", "日本語パスワード1!", "ÉCOLEété2024", "abc 123 XYZ", "ΑΒΓαβγ-€"])
    func complexIncludingUnicodeCategories(_ password: String) {
        #expect(Self.policy(minimumLength: 1).violations(of: password, samAccountName: nil, displayName: nil).isEmpty)
    }

    @Test func characterCategories() {
        #expect(PasswordCharacterCategory("A") == .uppercase)
        #expect(PasswordCharacterCategory("É") == .uppercase)
        #expect(PasswordCharacterCategory("ß") == .lowercase)
        #expect(PasswordCharacterCategory("7") == .digit)
        #expect(PasswordCharacterCategory("€") == .symbol)
        // a space or tab is no symbol to the DC (Samba counts only ~!@#$%^&*_-+=`|\(){}[]:;"'<>,.?/)
        #expect(PasswordCharacterCategory.categories(in: "a 1\t") == [.lowercase, .digit])
        #expect(PasswordCharacterCategory("語") == .letterWithoutCase)
        #expect(PasswordCharacterCategory.categories(in: "aA1!語").count == 5)
    }

    @Test func containsAccountName() {
        // Samba accepted this one (see the testenv README); Windows refuses it.
        let violations = Self.policy().violations(of: "Alice-1234xyz", samAccountName: "alice", displayName: nil)
        #expect(violations == ["The password contains the user's account name (sAMAccountName), which the domain password policy forbids."])
    }

    @Test func shortAccountNamesAreNotChecked() {
        #expect(Self.policy().violations(of: "Al-1234xyzQRS", samAccountName: "al", displayName: nil).isEmpty)
    }

    @Test func containsDisplayNameToken() {
        let policy = Self.policy()
        let violations = policy.violations(of: "Xy7#EXAMPLEkP9!", samAccountName: "alice", displayName: "Alice Example")
        #expect(violations == ["The password contains part of the user's display name, which the domain password policy forbids."])
        #expect(policy.violations(of: "Xy7#smithkP9!", samAccountName: nil, displayName: "Jones-Smith, Ann").count == 1)
        #expect(policy.violations(of: "Xy7#annakP9!Q", samAccountName: nil, displayName: "O_Anna#Li").count == 1)
        // Parts shorter than three characters are ignored.
        #expect(policy.violations(of: "Xy7#OLiAnkP9!", samAccountName: nil, displayName: "O. Li\tAn").isEmpty)
    }

    @Test func nameChecksBelongToComplexity() {
        let policy = Self.policy(minimumLength: 1, complexity: false)
        #expect(policy.violations(of: "alice", samAccountName: "alice", displayName: "Alice Example").isEmpty)
    }

    @Test func fineGrainedPolicyIsNamed() {
        let policy = ADPasswordPolicy(source: .fineGrained(psoDN: Self.psoDN), minimumLength: 20, complexityRequired: false, historyLength: 0)
        #expect(policy.violations(of: "short", samAccountName: nil, displayName: nil).first?.contains("fine-grained password policy") == true)
    }

    @Test(arguments: ["alice", "Alice-1234xyz", "aaaaaaaaaaaaaaaaaaaa", "Alice Example", "😀", "Example!", "pw", ""])
    func violationsNeverContainThePassword(_ password: String) {
        let policy = Self.policy(minimumLength: 30)
        let violations = policy.violations(of: password, samAccountName: "alice", displayName: "Alice Example")
        #expect(!violations.isEmpty)
        for violation in violations where password.count >= 3 {
            #expect(!violation.lowercased().contains(password.lowercased()))
        }
        for violation in violations {
            #expect(!violation.lowercased().contains("alice"))
            #expect(!violation.lowercased().contains("example"))
        }
    }
}
