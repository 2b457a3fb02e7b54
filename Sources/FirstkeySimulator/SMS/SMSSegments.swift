/// How many SMS segments a body occupies, as Twilio's `num_segments` and ACS's
/// `segmentsSucceeded` count them: GSM 03.38 7-bit text fits 160 septets in one message and 153
/// per part of a concatenated one (extension characters take two septets); anything else is
/// UCS-2, 70 code units alone and 67 per part.
enum SMSSegments {
    static func count(_ body: String) -> Int {
        if let septets = gsmSeptets(body) {
            return septets <= 160 ? 1 : (septets + 152) / 153
        }
        let units = body.utf16.count
        return units <= 70 ? 1 : (units + 66) / 67
    }

    /// nil when a character is outside the GSM 03.38 default alphabet and its extension table.
    static func gsmSeptets(_ body: String) -> Int? {
        var septets = 0
        for scalar in body.unicodeScalars {
            if basic.contains(scalar) {
                septets += 1
            } else if extended.contains(scalar) {
                septets += 2
            } else {
                return nil
            }
        }
        return septets
    }

    private static let basic = Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà".unicodeScalars)
    private static let extended = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
