import Foundation

/// `'O''Brien'`: an OData string literal, quotes doubled so a value can never end the literal.
enum ODataLiteral {
    static func string(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func dateTime(_ date: Date) -> String {
        GraphDate.format(date, fractionalSeconds: false)
    }
}
