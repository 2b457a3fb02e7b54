import Foundation

/// JSON object access with keys compared case-insensitively.
struct CaseInsensitiveJSON {
    private let values: [String: Any]

    init(_ object: [String: Any]) {
        var values: [String: Any] = [:]
        for (key, value) in object where values[key.lowercased()] == nil { values[key.lowercased()] = value }
        self.values = values
    }

    func string(_ key: String) -> String? {
        switch values[key.lowercased()] {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    func object(_ key: String) -> [String: Any]? { values[key.lowercased()] as? [String: Any] }
}
