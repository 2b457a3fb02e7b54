import Testing

@testable import Directory

@Suite struct ADErrorExplanationTests {
    static let domainPolicy = ADPasswordPolicy(
        source: .domain(dn: "DC=ad,DC=example,DC=test"),
        minimumLength: 12,
        complexityRequired: true,
        historyLength: 24,
        minimumAge: .seconds(86_400)
    )

    private func explain(
        _ resultCode: Int,
        _ message: String,
        _ operation: ADOperation,
        policy: ADPasswordPolicy? = nil
    ) -> ADErrorExplanation? {
        ADErrorExplainer.explain(resultCode: resultCode, diagnosticMessage: message, operation: operation, policy: policy)
    }

    // MARK: 49 invalidCredentials

    @Test func sambaBindFailures() {
        #expect(explain(49, DiagnosticFixtures.sambaBadPassword, .bind)?.summary == "the user name or password is wrong")
        #expect(
            explain(49, DiagnosticFixtures.sambaMustChange, .bind)?.summary
                == "the password is correct but must be changed at next logon (pwdLastSet is 0)"
        )
        #expect(explain(49, DiagnosticFixtures.sambaDisabled, .bind)?.summary == "the account is disabled")
        #expect(explain(49, DiagnosticFixtures.sambaDisabledAsInReadme, .bind)?.summary == "the account is disabled")
        #expect(explain(49, DiagnosticFixtures.windowsBadPassword, .bind)?.summary == "the user name or password is wrong")
    }

    @Test(arguments: [
        ("525", "does not match any user"), ("52e", "user name or password is wrong"), ("530", "logon hours"),
        ("531", "workstation restriction"), ("532", "password has expired"), ("533", "disabled"),
        ("701", "account has expired"), ("773", "must be changed at next logon"), ("775", "locked out"),
    ])
    func bindDataCodes(_ data: String, _ expected: String) throws {
        let message = "80090308: LdapErr: DSID-0C09030B, comment: AcceptSecurityContext error, data \(data), v893"
        let explanation = try #require(explain(49, message, .bind))
        #expect(explanation.summary.contains(expected))
        #expect(!explanation.suggestedFix.isEmpty)
    }

    @Test func bindDataCodesAreDistinct() {
        let codes = ["525", "52e", "530", "531", "532", "533", "701", "773", "775"]
        let summaries = Set(codes.compactMap { explain(49, "80090308: LdapErr: x, data \($0), v1", .bind)?.summary })
        #expect(summaries.count == codes.count)
    }

    @Test func openLDAPWrongPasswordHasNoDiagnostic() {
        #expect(explain(49, "", .bind)?.summary == "the user name or password is wrong")
    }

    // MARK: 19 constraintViolation

    @Test func windowsPolicyFailureQuotesThePolicy() {
        let explanation = explain(19, DiagnosticFixtures.windowsPasswordRestriction, .setPassword, policy: Self.domainPolicy)
        #expect(
            explanation?.summary
                == "the password does not meet the domain policy (minimum length 12, complexity required, last 24 passwords remembered, minimum age 1 day)"
        )
    }

    @Test func windowsPolicyFailureWithoutPolicy() {
        let explanation = explain(19, DiagnosticFixtures.windowsPasswordRestriction, .setPassword)
        #expect(explanation?.summary.hasPrefix("the password does not meet the domain password policy") == true)
        #expect(explain(19, DiagnosticFixtures.windowsPasswordRestrictionEscaped, .modify) == explanation)
    }

    @Test func fineGrainedPolicyIsNamed() {
        var policy = Self.domainPolicy
        policy.source = .fineGrained(psoDN: "CN=NewHires,CN=Password Settings Container,CN=System,DC=ad,DC=example,DC=test")
        let explanation = explain(19, DiagnosticFixtures.windowsPasswordRestriction, .setPassword, policy: policy)
        #expect(explanation?.summary.hasPrefix("the password does not meet the fine-grained password policy (minimum length 12") == true)
    }

    @Test func sambaTooShortUsesTheDCsNumber() {
        let withoutPolicy = explain(19, DiagnosticFixtures.sambaTooShort, .setPassword)
        #expect(withoutPolicy?.summary == "the password is shorter than the domain password policy allows (at least 7 characters)")
        // The DC's own number wins over a policy read earlier (it may have changed since).
        let withPolicy = explain(19, DiagnosticFixtures.sambaTooShort, .setPassword, policy: Self.domainPolicy)
        #expect(withPolicy?.summary.contains("at least 7 characters") == true)
    }

    @Test func sambaComplexity() {
        let explanation = explain(19, DiagnosticFixtures.sambaNotComplex, .setPassword, policy: Self.domainPolicy)
        #expect(explanation?.summary.hasPrefix("the password does not meet the complexity requirements") == true)
    }

    @Test func openLDAPPolicyFailures() {
        #expect(explain(19, DiagnosticFixtures.openLDAPQuality, .setPassword)?.summary.contains("quality check") == true)
        #expect(explain(19, DiagnosticFixtures.openLDAPTooShort, .setPassword)?.summary.contains("shorter") == true)
        #expect(explain(19, DiagnosticFixtures.openLDAPHistory, .setPassword)?.summary.contains("password history") == true)
        #expect(
            explain(19, DiagnosticFixtures.openLDAPQuality + "\n" + DiagnosticFixtures.openLDAPTooShort, .setPassword)?.summary
                .contains("shorter") == true
        )
    }

    @Test func otherConstraintViolationsAreNotAboutPasswords() {
        let explanation = explain(19, "00002082: AtrErr: DSID-03151904, #1:\n\t0: 00002082: DSID-03151904, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 5 (description)", .modify)
        #expect(explanation?.summary.contains("password") == false)
    }

    // MARK: 50 insufficientAccessRights

    @Test func sambaResetWithoutRight() {
        let explanation = explain(50, DiagnosticFixtures.sambaNoResetRight, .setPassword)
        #expect(explanation?.summary.contains("lacks the Reset Password right") == true)
        #expect(explanation?.summary.contains("delegated OU") == true)
        #expect(explanation?.summary.contains("adminCount=1") == true)
        #expect(explanation?.suggestedFix.isEmpty == false)
        // OpenLDAP says nothing at all.
        #expect(explain(50, "", .setPassword) == explanation)
    }

    @Test func attributeNotDelegated() {
        let explanation = explain(50, DiagnosticFixtures.sambaNoWriteProperty, .modify)
        #expect(explanation?.summary.contains("has not been delegated") == true)
        let duringReset = explain(50, DiagnosticFixtures.sambaNoWriteProperty, .setPassword)
        #expect(duringReset?.summary.contains("pwdLastSet or userAccountControl") == true)
        #expect(duringReset?.summary.contains("Reset Password") == false)
    }

    @Test func openLDAPMustChangeOwnPassword() {
        #expect(explain(50, DiagnosticFixtures.openLDAPRestricted, .search)?.summary.contains("pwdReset") == true)
    }

    // MARK: Other result codes

    @Test func unencryptedPasswordWrite() {
        #expect(
            explain(53, DiagnosticFixtures.windowsUnencryptedPasswordWrite, .setPassword)?.summary
                == "password writes need an encrypted connection (LDAPS or StartTLS)"
        )
        #expect(
            explain(53, "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0", .setPassword)?.summary
                .contains("double quotes") == true
        )
    }

    @Test func pwdLastSetValues() {
        #expect(explain(80, DiagnosticFixtures.sambaBadPwdLastSet, .setPassword)?.summary == "pwdLastSet may only be 0 or -1")
        #expect(explain(80, DiagnosticFixtures.sambaBadPwdLastSet, .modify)?.summary == "pwdLastSet may only be 0 or -1")
        #expect(explain(80, "something else", .search) == nil)
    }

    @Test func strongerAuthRequired() {
        #expect(explain(8, DiagnosticFixtures.sambaTransportEncryption, .bind)?.summary.contains("LDAPS or StartTLS") == true)
    }

    @Test func unsupportedCriticalControl() {
        #expect(explain(12, "", .setPassword)?.summary.contains("password policy hints") == true)
    }

    @Test func missingAndDuplicateObjects() {
        #expect(explain(32, "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:", .setPassword)?.summary.contains("does not exist") == true)
        #expect(explain(32, "", .search)?.summary == "the search base does not exist")
        #expect(explain(68, "", .add)?.summary == "an object with this name already exists")
    }

    @Test func unsupportedExtendedOperation() {
        #expect(explain(2, DiagnosticFixtures.sambaWhoAmI, .search)?.summary.contains("extended operation") == true)
        #expect(explain(2, "decoding error", .search) == nil)
    }

    @Test(arguments: [0, 1, 3, 4, 10, 51, 52, 64, 65, 999, -1])
    func unexplainedCodesReturnNil(_ code: Int) {
        #expect(explain(code, DiagnosticFixtures.windowsPasswordRestriction, .setPassword, policy: Self.domainPolicy) == nil)
    }

    // MARK: Secrets

    @Test func explanationsNeverContainThePassword() {
        let password = "Tr0ub4dor&3-Zq"
        let messages = [
            "0000052D: Constraint violation - check_password_restrictions: the password \(password) is too short. It should be equal or longer than 7 characters!",
            "0000052D: AtrErr: DSID-03191083, #1: value \(password), data 0, Att 9005a (unicodePwd)",
            "80090308: LdapErr: DSID-0C0903A9, comment: \(password), data 773, v1db1",
            "00002077: unicodePwd \(password)",
            "\(password) Password fails quality checking policy",
            "00002098: \(password) has no write property access",
            "00000057: pwdLastSet \(password)",
            password,
        ]
        var explained = 0
        for code in [2, 8, 12, 19, 32, 49, 50, 53, 68, 80] {
            for operation in ADOperation.allCases {
                for message in messages {
                    guard let explanation = explain(code, message, operation, policy: Self.domainPolicy) else { continue }
                    explained += 1
                    #expect(!explanation.summary.contains(password))
                    #expect(!explanation.suggestedFix.contains(password))
                    #expect(!explanation.summary.contains("Tr0ub"))
                }
            }
        }
        #expect(explained > 100)
    }
}
