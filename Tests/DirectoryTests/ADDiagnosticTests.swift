import TestSupport
import Testing

@testable import Directory

/// Diagnostic messages seen from Samba 4.17 (testenv README) and documented for Windows DCs.
enum DiagnosticFixtures {
    static let windowsBadPassword = "80090308: LdapErr: DSID-0C09030B, comment: AcceptSecurityContext error, data 52e, v893"
    static let sambaBadPassword = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1"
    static let sambaMustChange = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 773, v1db1"
    static let sambaDisabledAsInReadme = "… data 533, v1db1"
    static let sambaDisabled = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 533, v1db1"
    static let windowsPasswordRestriction =
        "0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)"
    static let windowsPasswordRestrictionEscaped =
        "0000052D: AtrErr: DSID-03191083, #1:\\n\\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)"
    static let windowsUnencryptedPasswordWrite = "00002077: SvcErr: DSID-…, problem 5003 (WILL_NOT_PERFORM), data 0"
    static let sambaTooShort =
        "0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!"
    static let sambaNotComplex =
        "0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!"
    static let sambaNoResetRight = "error in module acl: insufficient access rights during LDB_MODIFY (50)"
    static let sambaNoWriteProperty =
        "00002098: Object CN=Alice Example,OU=Staff,DC=ad,DC=example,DC=test has no write property access"
    static let sambaBadPwdLastSet =
        "00000057: setup_last_set_field: pwdLastSet must be 0 or -1 only! at ../../source4/dsdb/samdb/ldb_modules/password_hash.c:2436:setup_last_set_field"
    static let sambaTransportEncryption = "BindSimple: Transport encryption required."
    static let sambaWhoAmI = "Extended Operation(1.3.6.1.4.1.4203.1.11.3) not supported"
    static let openLDAPQuality = "Password fails quality checking policy"
    static let openLDAPTooShort = "ppolicy: error=6 (Password is too short for policy)"
    static let openLDAPHistory = "Password is in history of old passwords"
    static let openLDAPRestricted = "Operations are restricted to bind/unbind/abandon/StartTLS/modify password"
}

@Suite struct ADDiagnosticTests {
    @Test func windowsBindFailure() {
        let diagnostic = ADDiagnostic(diagnosticMessage: DiagnosticFixtures.windowsBadPassword)
        #expect(diagnostic.win32Code == 0x8009_0308)
        #expect(diagnostic.dataCode == "52e")
        #expect(diagnostic.problem == nil)
        #expect(diagnostic.dsid == "DSID-0C09030B")
        #expect(diagnostic.message == DiagnosticFixtures.windowsBadPassword)
    }

    @Test func sambaBindFailures() {
        #expect(ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaBadPassword).dataCode == "52e")
        #expect(ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaMustChange).dataCode == "773")
        #expect(ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaDisabled).dataCode == "533")
        let elided = ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaDisabledAsInReadme)
        #expect(elided.dataCode == "533")
        #expect(elided.win32Code == nil)
    }

    @Test(arguments: [DiagnosticFixtures.windowsPasswordRestriction, DiagnosticFixtures.windowsPasswordRestrictionEscaped])
    func multiLineAttributeError(_ message: String) {
        let diagnostic = ADDiagnostic(diagnosticMessage: message)
        #expect(diagnostic.win32Code == 0x52D)
        #expect(diagnostic.problem == 1005)
        #expect(diagnostic.problemName == "CONSTRAINT_ATT_TYPE")
        #expect(diagnostic.dataCode == "0")
        #expect(diagnostic.attributeName == "unicodePwd")
        #expect(diagnostic.dsid == "DSID-03191083")
    }

    @Test func serviceError() {
        let diagnostic = ADDiagnostic(diagnosticMessage: DiagnosticFixtures.windowsUnencryptedPasswordWrite)
        #expect(diagnostic.win32Code == 0x2077)
        #expect(diagnostic.problem == 5003)
        #expect(diagnostic.problemName == "WILL_NOT_PERFORM")
        #expect(diagnostic.dataCode == "0")
        #expect(diagnostic.attributeName == nil)
    }

    @Test func sambaMessages() {
        let tooShort = ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaTooShort)
        #expect(tooShort.win32Code == 0x52D)
        #expect(tooShort.dataCode == nil)
        #expect(tooShort.problem == nil)
        #expect(tooShort.mentions("TOO SHORT"))

        #expect(ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaNotComplex).win32Code == 0x52D)
        #expect(ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaNoWriteProperty).win32Code == 0x2098)
        #expect(ADDiagnostic(diagnosticMessage: DiagnosticFixtures.sambaBadPwdLastSet).win32Code == 0x57)

        for message in [
            DiagnosticFixtures.sambaNoResetRight, DiagnosticFixtures.sambaTransportEncryption, DiagnosticFixtures.sambaWhoAmI,
            DiagnosticFixtures.openLDAPQuality, DiagnosticFixtures.openLDAPHistory, DiagnosticFixtures.openLDAPRestricted, "",
        ] {
            let diagnostic = ADDiagnostic(diagnosticMessage: message)
            #expect(diagnostic.win32Code == nil, "\(message)")
            #expect(diagnostic.dataCode == nil, "\(message)")
            #expect(diagnostic.problem == nil, "\(message)")
        }
    }

    @Test func lineBreaksSeparateTokensRawOrEscaped() {
        #expect(ADDiagnostic(diagnosticMessage: "x, data 52e\n\tv1").dataCode == "52e")
        #expect(ADDiagnostic(diagnosticMessage: "x, data 52e\\n\\tv1").dataCode == "52e")
        #expect(ADDiagnostic(diagnosticMessage: "x:\n\tproblem 5003\n\t(WILL_NOT_PERFORM)").problemName == "WILL_NOT_PERFORM")
    }

    @Test func dataCodeIsNormalized() {
        #expect(ADDiagnostic(diagnosticMessage: "x, data 0000052E, v1").dataCode == "52e")
        #expect(ADDiagnostic(diagnosticMessage: "x, DATA 000, v1").dataCode == "0")
        #expect(ADDiagnostic(diagnosticMessage: "x, data 52x, v1").dataCode == nil)
    }

    @Test(arguments: [
        "data", "data ", "problem", "problem x", "problem 99999999999999999999", "12345678", "1234567:", "ZZZZZZZZ: x",
        "0000052D", "0000052D:", "data 😀", "\\", "\\n", "Att", "Att 9005a", "Att 9005a ()", "(", ")", "DSID-", "\u{0}",
        "🔑🔑🔑🔑🔑🔑🔑🔑:", "  0000052d: lower case code", "\n\t0: 0000052D: DSID-03191083, problem",
    ])
    func garbageDoesNotCrash(_ message: String) {
        let diagnostic = ADDiagnostic(diagnosticMessage: message)
        if let dataCode = diagnostic.dataCode {
            #expect(dataCode == dataCode.lowercased())
        }
        #expect(diagnostic.message == message)
    }

    @Test func leadingCodeNeedsEightHexDigitsAndColon() {
        #expect(ADDiagnostic(diagnosticMessage: "  0000052d: lower case code").win32Code == 0x52D)
        #expect(ADDiagnostic(diagnosticMessage: "0000052D").win32Code == nil)
        #expect(ADDiagnostic(diagnosticMessage: "000052D: short").win32Code == nil)
        #expect(ADDiagnostic(diagnosticMessage: "ZZZZZZZZ: x").win32Code == nil)
        #expect(ADDiagnostic(diagnosticMessage: "FFFFFFFF: max").win32Code == UInt32.max)
    }

    @Test func randomTextDoesNotCrash() {
        let alphabet: [Character] = Array("0123456789abcdefABCDEF:, \n\t\\()-_datproblemAt é😀#")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...60, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let diagnostic = ADDiagnostic(diagnosticMessage: text)
            #expect(diagnostic.message == text)
        }
    }
}
