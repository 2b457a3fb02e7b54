import Testing
@testable import Delivery

@Suite struct SMSEncodingTests {
    @Test func germanLettersAreGSM7() {
        let encoding = SMSEncoding("Grüße aus Köln: Straße, Ä Ö Ü é à ñ ¿ £ ¥ § ¤ Δ")
        #expect(encoding.alphabet == .gsm7)
        #expect(encoding.units == 47)
    }

    @Test func extensionCharactersCountTwice() {
        #expect(SMSEncoding("€").units == 2)
        #expect(SMSEncoding("[x]{y}~|^\\").units == 18)
    }

    @Test func outsideGSMIsUCS2() {
        let encoding = SMSEncoding("„Hallo“ – 👋")
        #expect(encoding.alphabet == .ucs2)
        #expect(encoding.nonGSMCharacters == ["„", "“", "–", "👋"])
        #expect(encoding.units == "„Hallo“ – 👋".utf16.count)
    }

    @Test(arguments: [(160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
    func gsmSegments(length: Int, segments: Int) {
        #expect(SMSEncoding(String(repeating: "a", count: length)).segments == segments)
    }

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3)])
    func ucs2Segments(length: Int, segments: Int) {
        #expect(SMSEncoding(String(repeating: "ж", count: length)).segments == segments)
    }

    @Test func description() {
        #expect(SMSEncoding("hi").description == "GSM-7, 2/160 characters, 1 segment")
        #expect(SMSEncoding(String(repeating: "ж", count: 71)).description == "UCS-2, 71/70 UTF-16 units, 2 segments")
    }
}
