/// The templates compiled into the binary (like the password word list, so a binary copied alone
/// works): every message kind in each format it is sent in, in English and German.
enum BuiltInTemplates {
    static let layoutName = "html-layout"

    static var sources: [DeliveryTemplateKey: DeliveryTemplateSource] {
        var all: [DeliveryTemplateKey: DeliveryTemplateSource] = [:]
        for (language, table) in [(DeliveryLanguage.english, english), (.german, german)] {
            for (kind, formats) in table {
                for (format, source) in formats {
                    all[DeliveryTemplateKey(kind, format, language)] = source
                }
            }
        }
        return all
    }
}
