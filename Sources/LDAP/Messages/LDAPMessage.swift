import SwiftASN1

/// One LDAP PDU (RFC 4511 §4.1.1).
public struct LDAPMessage: Hashable, Sendable {
    public var messageID: Int32
    public var operation: LDAPOperation
    public var controls: [LDAPControl]

    public init(messageID: Int32, operation: LDAPOperation, controls: [LDAPControl] = []) {
        self.messageID = messageID
        self.operation = operation
        self.controls = controls
    }

    /// Decodes exactly one PDU; trailing bytes are an error.
    public init<Bytes: Collection>(decoding bytes: Bytes) throws where Bytes.Element == UInt8 {
        let root = try parseBER(Array(bytes), "the message")
        var children = try BERRead.children(root, .sequence, "LDAPMessage")
        let id = try BERRead.int32(BERRead.next(&children, "messageID"), .integer, "messageID")
        guard id >= 0 else { throw LDAPDecodingError(.invalidValue, "messageID \(id) is negative") }
        messageID = id
        operation = try LDAPOperation(node: BERRead.next(&children, "protocolOp"))
        controls = try BERRead.optional(&children, LDAPControl.listTag).map(LDAPControl.decodeList) ?? []
        try BERRead.end(&children, "LDAPMessage")
    }

    public func encode() -> [UInt8] {
        var serializer = DER.Serializer()
        serializer.appendConstructedNode(identifier: .sequence) { body in
            body.appendInteger(Int64(messageID))
            operation.encode(into: &body)
            if !controls.isEmpty {
                body.appendConstructedNode(identifier: LDAPControl.listTag) { list in controls.forEach { $0.encode(into: &list) } }
            }
        }
        return serializer.serializedBytes
    }
}

extension LDAPMessage: CustomStringConvertible {
    public var description: String { "#\(messageID) \(operation.name)" }
}

/// The protocolOp CHOICE. ModifyDN is not used by Firstkey and is rejected as unknown.
public enum LDAPOperation: Hashable, Sendable {
    case bindRequest(BindRequest)
    case bindResponse(BindResponse)
    case unbindRequest
    case searchRequest(SearchRequest)
    case searchResultEntry(SearchResultEntry)
    case searchResultDone(LDAPResult)
    case searchResultReference([String])
    case modifyRequest(ModifyRequest)
    case modifyResponse(LDAPResult)
    case addRequest(AddRequest)
    case addResponse(LDAPResult)
    case deleteRequest(dn: String)
    case deleteResponse(LDAPResult)
    case compareRequest(CompareRequest)
    case compareResponse(LDAPResult)
    case abandonRequest(messageID: Int32)
    case extendedRequest(ExtendedRequest)
    case extendedResponse(ExtendedResponse)
    case intermediateResponse(IntermediateResponse)

    enum Tag {
        static let unbind = ASN1Identifier.application(2)
        static let searchResultDone = ASN1Identifier.application(5)
        static let modifyResponse = ASN1Identifier.application(7)
        static let addResponse = ASN1Identifier.application(9)
        static let deleteRequest = ASN1Identifier.application(10)
        static let deleteResponse = ASN1Identifier.application(11)
        static let compareResponse = ASN1Identifier.application(15)
        static let abandon = ASN1Identifier.application(16)
        static let searchResultReference = ASN1Identifier.application(19)
    }

    public var name: String {
        switch self {
        case .bindRequest: "bindRequest"
        case .bindResponse: "bindResponse"
        case .unbindRequest: "unbindRequest"
        case .searchRequest: "searchRequest"
        case .searchResultEntry: "searchResultEntry"
        case .searchResultDone: "searchResultDone"
        case .searchResultReference: "searchResultReference"
        case .modifyRequest: "modifyRequest"
        case .modifyResponse: "modifyResponse"
        case .addRequest: "addRequest"
        case .addResponse: "addResponse"
        case .deleteRequest: "deleteRequest"
        case .deleteResponse: "deleteResponse"
        case .compareRequest: "compareRequest"
        case .compareResponse: "compareResponse"
        case .abandonRequest: "abandonRequest"
        case .extendedRequest: "extendedRequest"
        case .extendedResponse: "extendedResponse"
        case .intermediateResponse: "intermediateResponse"
        }
    }

    /// The result of a response that completes an operation; nil for entries, references and requests.
    public var finalResult: LDAPResult? {
        switch self {
        case .bindResponse(let response): response.result
        case .extendedResponse(let response): response.result
        case .searchResultDone(let result), .modifyResponse(let result), .addResponse(let result),
             .deleteResponse(let result), .compareResponse(let result): result
        default: nil
        }
    }

    init(node: ASN1Node) throws {
        func result(_ tag: ASN1Identifier, _ what: String) throws -> LDAPResult {
            var children = try BERRead.children(node, tag, what)
            let result = try LDAPResult.decodeComponents(&children)
            try BERRead.end(&children, what)
            return result
        }
        switch node.identifier {
        case BindRequest.tag: self = .bindRequest(try BindRequest(node: node))
        case BindResponse.tag: self = .bindResponse(try BindResponse(node: node))
        case Tag.unbind:
            _ = try BERRead.primitiveBytes(node, Tag.unbind, "UnbindRequest")
            self = .unbindRequest
        case SearchRequest.tag: self = .searchRequest(try SearchRequest(node: node))
        case SearchResultEntry.tag: self = .searchResultEntry(try SearchResultEntry(node: node))
        case Tag.searchResultDone: self = .searchResultDone(try result(Tag.searchResultDone, "SearchResultDone"))
        case Tag.searchResultReference:
            var children = try BERRead.children(node, Tag.searchResultReference, "SearchResultReference")
            var uris: [String] = []
            while let uri = children.next() { uris.append(try BERRead.string(uri, .octetString, "reference URI")) }
            guard !uris.isEmpty else { throw LDAPDecodingError(.invalidValue, "a search result reference without URIs") }
            self = .searchResultReference(uris)
        case ModifyRequest.tag: self = .modifyRequest(try ModifyRequest(node: node))
        case Tag.modifyResponse: self = .modifyResponse(try result(Tag.modifyResponse, "ModifyResponse"))
        case AddRequest.tag: self = .addRequest(try AddRequest(node: node))
        case Tag.addResponse: self = .addResponse(try result(Tag.addResponse, "AddResponse"))
        case Tag.deleteRequest: self = .deleteRequest(dn: try BERRead.string(node, Tag.deleteRequest, "DelRequest"))
        case Tag.deleteResponse: self = .deleteResponse(try result(Tag.deleteResponse, "DelResponse"))
        case CompareRequest.tag: self = .compareRequest(try CompareRequest(node: node))
        case Tag.compareResponse: self = .compareResponse(try result(Tag.compareResponse, "CompareResponse"))
        case Tag.abandon: self = .abandonRequest(messageID: try BERRead.int32(node, Tag.abandon, "AbandonRequest"))
        case ExtendedRequest.tag: self = .extendedRequest(try ExtendedRequest(node: node))
        case ExtendedResponse.tag: self = .extendedResponse(try ExtendedResponse(node: node))
        case IntermediateResponse.tag: self = .intermediateResponse(try IntermediateResponse(node: node))
        default: throw LDAPDecodingError(.unexpectedElement, "unknown protocol operation \(node.identifier)")
        }
    }

    func encode(into serializer: inout DER.Serializer) {
        func result(_ tag: ASN1Identifier, _ result: LDAPResult) {
            serializer.appendConstructedNode(identifier: tag) { result.encodeComponents(into: &$0) }
        }
        switch self {
        case .bindRequest(let request): request.encode(into: &serializer)
        case .bindResponse(let response): response.encode(into: &serializer)
        case .unbindRequest: serializer.appendPrimitiveNode(identifier: Tag.unbind) { _ in }
        case .searchRequest(let request): request.encode(into: &serializer)
        case .searchResultEntry(let entry): entry.encode(into: &serializer)
        case .searchResultDone(let value): result(Tag.searchResultDone, value)
        case .searchResultReference(let uris):
            serializer.appendConstructedNode(identifier: Tag.searchResultReference) { list in uris.forEach { list.appendString($0) } }
        case .modifyRequest(let request): request.encode(into: &serializer)
        case .modifyResponse(let value): result(Tag.modifyResponse, value)
        case .addRequest(let request): request.encode(into: &serializer)
        case .addResponse(let value): result(Tag.addResponse, value)
        case .deleteRequest(let dn): serializer.appendString(dn, identifier: Tag.deleteRequest)
        case .deleteResponse(let value): result(Tag.deleteResponse, value)
        case .compareRequest(let request): request.encode(into: &serializer)
        case .compareResponse(let value): result(Tag.compareResponse, value)
        case .abandonRequest(let id): serializer.appendInteger(Int64(id), identifier: Tag.abandon)
        case .extendedRequest(let request): request.encode(into: &serializer)
        case .extendedResponse(let response): response.encode(into: &serializer)
        case .intermediateResponse(let response): response.encode(into: &serializer)
        }
    }
}
