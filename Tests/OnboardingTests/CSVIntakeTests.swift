import Testing
import TestSupport
@testable import Onboarding

@Suite struct CSVIntakeTests {
    @Test func validRowsBecomeRecords() throws {
        let csv = "Employee ID,userPrincipalName,hireDate,deliveryMode,mobile,privateEmail\r\nE1,ann@corp.example,2026-12-01,temporary-password,+15550100001,ann@home.example\r\n\"E2\",\"bob@corp.example\",2026-12-02,,,\n"
        let parsed = CSVIntake.parse(csv)
        #expect(parsed.rejects.isEmpty)
        #expect(parsed.rows.map(\.line) == [2, 3])
        #expect(parsed.rows[0].record.deliveryMode == .temporaryPassword)
        #expect(parsed.rows[0].record.recipients.mobilePhone == "+15550100001")
        #expect(parsed.rows[1].record.deliveryMode == .selfService)
        #expect(parsed.rows[1].record.identity.userPrincipalName == "bob@corp.example")
    }

    @Test func rejectsNameTheLineFieldAndReason() {
        let csv = """
        employeeId,hireDate,deliveryMode,mobile,managerEmail
        E1,2026-13-40,,,
        ,2026-12-01,,,
        E3,2026-12-01,tap,,
        E4,2026-12-01,carrier-pigeon,0123,not-an-address
        E5,2026-12-01,,,
        E5,2026-12-02,,,
        E6,2026-12-01
        """
        let parsed = CSVIntake.parse(csv)
        let byLine = Dictionary(grouping: parsed.rejects, by: \.line)
        #expect(byLine[2]?.map(\.field) == ["hireDate"])
        #expect(byLine[3]?.map(\.field) == ["identity"])
        #expect(byLine[4]?.map(\.field) == ["mobile"])
        #expect(Set(byLine[5]?.map(\.field) ?? []) == ["deliveryMode", "mobile", "managerEmail"])
        #expect(byLine[7]?.first?.reason == "the same hire is already on line 6")
        #expect(byLine[8]?.first?.reason == "has 2 fields; the header has 5")
        #expect(parsed.rows.map(\.line) == [6])
    }

    @Test func headerProblemsRejectTheWholeFile() {
        #expect(CSVIntake.parse("").rejects.first?.reason.contains("empty") == true)
        #expect(CSVIntake.parse("employeeId,colour\nE1,blue\n").rejects.contains { $0.field == "colour" })
        #expect(CSVIntake.parse("employeeId\nE1\n").rejects.contains { $0.field == "hireDate" })
        #expect(CSVIntake.parse("employeeId,employee_id,hireDate\n").rejects.contains { $0.reason.contains("twice") })
    }

    @Test func quotingFollowsRFC4180() throws {
        let records = try CSVIntake.splitRecords("a,\"b,c\",\"d \"\"e\"\"\"\n\"multi\nline\",x,\n")
        #expect(records.map(\.fields) == [["a", "b,c", "d \"e\""], ["multi\nline", "x", ""]])
        #expect(records.map(\.line) == [1, 2])
        #expect(throws: CSVIntake.CSVSyntaxError.self) { try CSVIntake.splitRecords("a,\"open\n") }
        #expect(throws: CSVIntake.CSVSyntaxError.self) { try CSVIntake.splitRecords("a,b\"c\n") }
        #expect(throws: CSVIntake.CSVSyntaxError.self) { try CSVIntake.splitRecords("\"a\"b,c\n") }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SplitMix64(seed: 11)
        let alphabet = Array("employeeId,hireDate\n\r\"2026-12-01E1,+ @x".unicodeScalars)
        for _ in 0..<5_000 {
            var text = "employeeId,hireDate\n"
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
            let parsed = CSVIntake.parse(text)
            #expect(parsed.rows.allSatisfy { $0.record.identity.intakeKey != nil })
        }
    }
}

@Suite struct IntakeValidationTests {
    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-1-5", "26-12-01", "2026-12-01T10:00:00Z", "tomorrow", ""])
    func impossibleOrMalformedDaysAreRefused(_ text: String) {
        #expect(IntakeValidation.parseDay(text) == nil)
    }

    @Test func realDaysParse() {
        #expect(IntakeValidation.parseDay("2028-02-29") != nil)
        #expect(IntakeValidation.parseDay(" 2026-12-01 ") != nil)
    }
}
