import LDAP

/// The pure core of a connection: allocates message IDs, matches responses to requests, gathers
/// search results, and decides what to do with every message the server sends. Many requests may
/// be outstanding on one connection at once (RFC 4511 §4.1.1.1).
struct LDAPRequestTable {
    enum Expectation: Equatable {
        /// One response ends the operation.
        case singleResponse
        /// Entries and references until SearchResultDone.
        case searchResults
    }

    private struct Pending {
        var expectation: Expectation
        var entries: [SearchResultEntry] = []
        var references: [[String]] = []
    }

    enum ReceiveAction: Equatable {
        /// Nothing to do (a search entry was stored, or a late answer to an abandoned request).
        case none
        case complete(messageID: Int32, LDAPResponseSummary)
        /// Notice of Disconnection: fail everything and close.
        case disconnect(LDAPResult)
        /// The server broke the protocol: fail everything and close.
        case protocolViolation(String)
    }

    private var pending: [Int32: Pending] = [:]
    private var nextMessageID: Int32 = 1
    /// Requests we gave up on (timeout, abandon) whose answers may still arrive.
    private var abandoned: [Int32] = []
    private static let abandonedMemory = 1024

    var outstandingCount: Int { pending.count }

    /// Allocates the next free message ID, wrapping before Int32.max and skipping IDs in use.
    mutating func allocateMessageID() -> Int32 {
        repeat {
            let id = nextMessageID
            nextMessageID = nextMessageID == Int32.max ? 1 : nextMessageID + 1
            if pending[id] == nil && !abandoned.contains(id) { return id }
        } while true
    }

    mutating func register(_ expectation: Expectation) -> Int32 {
        let id = allocateMessageID()
        pending[id] = Pending(expectation: expectation)
        return id
    }

    /// Forgets a request we no longer wait for; returns false if it had already finished.
    mutating func abandon(_ messageID: Int32) -> Bool {
        guard pending.removeValue(forKey: messageID) != nil else { return false }
        abandoned.append(messageID)
        if abandoned.count > Self.abandonedMemory { abandoned.removeFirst(abandoned.count - Self.abandonedMemory) }
        return true
    }

    /// Removes and returns every outstanding request, e.g. when the connection closes.
    mutating func removeAll() -> [Int32] {
        defer { pending.removeAll() }
        return Array(pending.keys)
    }

    mutating func received(_ message: LDAPMessage) -> ReceiveAction {
        if message.messageID == 0 {
            if case .extendedResponse(let response) = message.operation, response.name == ExtendedResponse.noticeOfDisconnectionOID || response.name == nil {
                return .disconnect(response.result)
            }
            return .protocolViolation("an unsolicited \(message.operation.name) with message ID 0")
        }
        guard var request = pending[message.messageID] else {
            if abandoned.contains(message.messageID) {
                if message.operation.finalResult != nil { abandoned.removeAll { $0 == message.messageID } }
                return .none
            }
            return .protocolViolation("a \(message.operation.name) for message ID \(message.messageID), which has no outstanding request")
        }
        switch (request.expectation, message.operation) {
        case (.searchResults, .searchResultEntry(let entry)):
            request.entries.append(entry)
            pending[message.messageID] = request
            return .none
        case (.searchResults, .searchResultReference(let uris)):
            request.references.append(uris)
            pending[message.messageID] = request
            return .none
        case (_, .intermediateResponse):
            return .none
        case (.searchResults, .searchResultDone(let result)):
            pending[message.messageID] = nil
            return .complete(messageID: message.messageID, LDAPResponseSummary(result: result, controls: message.controls, entries: request.entries, references: request.references, operation: message.operation))
        case (.singleResponse, let operation) where operation.finalResult != nil && !isSearchMessage(operation):
            pending[message.messageID] = nil
            return .complete(messageID: message.messageID, LDAPResponseSummary(result: operation.finalResult!, controls: message.controls, entries: [], references: [], operation: operation))
        default:
            return .protocolViolation("a \(message.operation.name) does not answer the request with message ID \(message.messageID)")
        }
    }

    private func isSearchMessage(_ operation: LDAPOperation) -> Bool {
        switch operation {
        case .searchResultDone, .searchResultEntry, .searchResultReference: true
        default: false
        }
    }
}

/// A completed response as plain values (equatable, for the state machine's tests).
struct LDAPResponseSummary: Equatable {
    var result: LDAPResult
    var controls: [LDAPControl]
    var entries: [SearchResultEntry]
    var references: [[String]]
    var operation: LDAPOperation

    var response: LDAPResponse {
        LDAPResponse(result: result, controls: controls, entries: entries, references: references, operation: operation)
    }
}
