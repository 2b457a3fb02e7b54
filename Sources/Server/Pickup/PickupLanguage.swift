import Delivery
import Foundation
import HTTPTypes
import Hummingbird

/// The language of a pickup page: `?lang=en|de` if given (a link on the page switches), else
/// the best built-in match of the browser's Accept-Language, else English. Anything else in
/// `lang` is ignored, never echoed.
enum PickupLanguage {
    static func of(_ request: Request) -> DeliveryLanguage {
        if let chosen = explicit(request) { return chosen }
        return DeliveryLanguage.preferred(acceptedTags(request.headers[.acceptLanguage] ?? ""))
    }

    /// The language named by `?lang=`, when it is one of the built-in ones.
    static func explicit(_ request: Request) -> DeliveryLanguage? {
        guard let value = request.uri.queryParameters.get("lang"), let language = DeliveryLanguage(tag: value),
              DeliveryLanguage.builtIn.contains(language), value.count <= 8 else { return nil }
        return language
    }

    /// The tags of an Accept-Language value, most wanted first (by q, then by order); tags with
    /// q=0 are refused by the browser and left out.
    static func acceptedTags(_ header: String) -> [String] {
        let ranges = header.split(separator: ",").prefix(32).enumerated().compactMap { position, item -> (tag: String, q: Double, position: Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return quality > 0 ? (tag, quality, position) : nil
        }
        return ranges.sorted { $0.q != $1.q ? $0.q > $1.q : $0.position < $1.position }.map(\.tag)
    }
}
