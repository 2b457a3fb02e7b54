import Foundation

/// One page of a Graph collection: `value`, `@odata.nextLink` (opaque full URL) and, on the
/// first page of an advanced query, `@odata.count`.
struct GraphCollection<Item: Decodable>: Decodable {
    var value: [Item]
    var nextLink: URL?
    var count: Int?

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case count = "@odata.count"
    }
}
