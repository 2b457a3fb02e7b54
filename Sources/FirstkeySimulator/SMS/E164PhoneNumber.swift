/// Phone numbers as ACS and Twilio take them: E.164, `+` then the country code and subscriber
/// number, 15 digits at most.
///
/// Neither service's exact number-plan check is documented; the simulator accepts `+` and 7–15
/// digits not starting with 0, and for North America (`+1`) exactly ten digits after the
/// country code, which is what makes the reference's `+112345678901` "Invalid To phone number
/// format." (unverified beyond that: other countries' plans are not checked).
enum E164PhoneNumber {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.count <= 16, bytes[0] == UInt8(ascii: "+") else { return false }
        let digits = bytes.dropFirst()
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), digits.first != UInt8(ascii: "0") else { return false }
        if digits.first == UInt8(ascii: "1") { return digits.count == 11 }
        return true
    }

    /// The digits without `+`: how Event Grid's delivery report writes the sender (`"from":"15555555555"`).
    static func digits(_ number: String) -> String {
        number.hasPrefix("+") ? String(number.dropFirst()) : number
    }
}
