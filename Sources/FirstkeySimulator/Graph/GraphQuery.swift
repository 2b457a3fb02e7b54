import Foundation
import HTTPTypes

/// The OData system query options of a Graph request, and whether it is an advanced query.
struct GraphQuery: Sendable {
    var select: String?
    var filter: String?
    var top: Int?
    var count: Bool
    var skipToken: String?
    var expand: String?
    var orderBy: String?
    var search: String?
    /// `ConsistencyLevel: eventual` was sent.
    var eventualConsistency: Bool

    /// Advanced query capabilities need both the header and `$count=true`.
    var isAdvanced: Bool { eventualConsistency && count }

    init(_ request: SimulatorRequest) throws(GraphError) {
        select = request.queryValue("$select")
        filter = request.queryValue("$filter")
        expand = request.queryValue("$expand")
        orderBy = request.queryValue("$orderby")
        search = request.queryValue("$search")
        skipToken = request.queryValue("$skiptoken")
        eventualConsistency = request.headers[HTTPField.Name("ConsistencyLevel")!]?.lowercased() == "eventual"
        switch request.queryValue("$count")?.lowercased() {
        case nil, "false": count = false
        case "true": count = true
        case let other?: throw GraphError.badRequest("Invalid value '\(other)' for query option '$count'. Expected true or false.")
        }
        if let text = request.queryValue("$top") {
            guard let value = Int(text) else { throw GraphError.badRequest("Invalid value '\(text)' for query option '$top'.") }
            top = value
        }
    }
}
