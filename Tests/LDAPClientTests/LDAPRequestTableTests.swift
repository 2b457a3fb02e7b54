import LDAP
import Testing
@testable import LDAPClient

@Suite struct LDAPRequestTableTests {
    @Test func responsesAreMatchedByMessageIDInAnyOrder() {
        var table = LDAPRequestTable()
        let first = table.register(.singleResponse)
        let second = table.register(.searchResults)
        #expect(first != second)
        let entry = SearchResultEntry(dn: "CN=A", attributes: [])
        let entryAction = table.received(LDAPMessage(messageID: second, operation: .searchResultEntry(entry)))
        let referenceAction = table.received(LDAPMessage(messageID: second, operation: .searchResultReference(["ldap://x/"])))
        #expect(entryAction == .none && referenceAction == .none)
        guard case .complete(let id, let summary) = table.received(LDAPMessage(messageID: first, operation: .modifyResponse(.success))) else {
            Issue.record("modify response did not complete"); return
        }
        #expect(id == first && summary.result == .success)
        guard case .complete(let searchID, let search) = table.received(LDAPMessage(messageID: second, operation: .searchResultDone(.success))) else {
            Issue.record("search did not complete"); return
        }
        #expect(searchID == second && search.entries == [entry] && search.references == [["ldap://x/"]])
        #expect(table.outstandingCount == 0)
    }

    @Test func anUnknownMessageIDIsAProtocolViolation() {
        var table = LDAPRequestTable()
        _ = table.register(.singleResponse)
        guard case .protocolViolation = table.received(LDAPMessage(messageID: 99, operation: .modifyResponse(.success))) else {
            Issue.record("expected a protocol violation"); return
        }
    }

    @Test func aResponseOfTheWrongKindIsAProtocolViolation() {
        var table = LDAPRequestTable()
        let id = table.register(.singleResponse)
        guard case .protocolViolation = table.received(LDAPMessage(messageID: id, operation: .searchResultEntry(SearchResultEntry(dn: "", attributes: [])))) else {
            Issue.record("expected a protocol violation"); return
        }
    }

    @Test func lateAnswersToAbandonedRequestsAreIgnored() {
        var table = LDAPRequestTable()
        let id = table.register(.searchResults)
        let firstAbandon = table.abandon(id)
        let secondAbandon = table.abandon(id)
        #expect(firstAbandon && !secondAbandon)
        let lateEntry = table.received(LDAPMessage(messageID: id, operation: .searchResultEntry(SearchResultEntry(dn: "", attributes: []))))
        let lateDone = table.received(LDAPMessage(messageID: id, operation: .searchResultDone(.success)))
        #expect(lateEntry == .none && lateDone == .none)
    }

    @Test func noticeOfDisconnectionFailsEverything() {
        var table = LDAPRequestTable()
        _ = table.register(.singleResponse)
        let notice = LDAPMessage(messageID: 0, operation: .extendedResponse(ExtendedResponse(result: LDAPResult(resultCode: .unavailable, diagnosticMessage: "shutting down"), name: ExtendedResponse.noticeOfDisconnectionOID)))
        let action = table.received(notice)
        #expect(action == .disconnect(LDAPResult(resultCode: .unavailable, diagnosticMessage: "shutting down")))
    }

    @Test func messageIDsWrapAndSkipIDsInUse() {
        var table = LDAPRequestTable()
        var ids = Set<Int32>()
        for _ in 0..<1000 { ids.insert(table.register(.singleResponse)) }
        #expect(ids.count == 1000)
        #expect(!ids.contains(0))
    }

    @Test func serverSelectionPrefersConfiguredOrderAndKeepsAFailedServerSuspectUntilItAnswers() {
        let a = LDAPServer(host: "127.0.0.1"), b = LDAPServer(host: "127.0.0.2")
        var selection = LDAPServerSelection(servers: [a, b])
        let now = ContinuousClock.now
        #expect(selection.candidates == [a, b])
        let failedA = selection.recordFailure(a, at: now)
        #expect(failedA)
        // Suspect: no work while b is healthy, however long ago it failed, until it answers.
        #expect(selection.candidates == [b, a])
        #expect(selection.isSuspect(a) && !selection.isSuspect(b))
        let failedAgain = selection.recordFailure(a, at: now + .seconds(5))
        #expect(!failedAgain, "already suspect: no second probe")
        // Every server suspect: all are still tried, the oldest failure first.
        let failedB = selection.recordFailure(b, at: now + .seconds(1))
        #expect(failedB)
        #expect(selection.candidates == [a, b])
        #expect(selection.suspectServers == [a, b])
        let recoveredB = selection.recordSuccess(b)
        #expect(recoveredB)
        #expect(selection.candidates == [b, a])
        let recoveredA = selection.recordSuccess(a), recoveredTwice = selection.recordSuccess(a)
        #expect(recoveredA && !recoveredTwice)
        #expect(selection.candidates == [a, b] && selection.suspectServers.isEmpty)
    }

    @Test func serverURLsParse() throws {
        #expect(try LDAPServer(url: "ldaps://dc1.ad.example.test") == LDAPServer(host: "dc1.ad.example.test", port: 636, security: .ldaps))
        #expect(try LDAPServer(url: "ldap://127.0.0.2:3890/") == LDAPServer(host: "127.0.0.2", port: 3890, security: .startTLS))
        #expect(try LDAPServer(url: "ldaps://[::1]:10636") == LDAPServer(host: "::1", port: 10636, security: .ldaps))
        for bad in ["http://x", "ldaps://", "ldaps://host:0", "ldaps://host:99999", "ldaps://host:abc"] {
            #expect(throws: LDAPError.self) { try LDAPServer(url: bad) }
        }
    }
}

/// DNS SRV answers are easy to spoof: only DCs named inside the AD DNS domain are used.
@Suite struct DiscoveredServersInsideTheDomainTests {
    @Test func targetsOutsideTheDomainAreDropped() throws {
        let servers = ["dc1.corp.example.com", "DC2.Corp.Example.Com.", "evil.example.net", "corp.example.com.evil.net", "xcorp.example.com", "corp.example.com"]
            .map { LDAPServer(host: $0, port: 636, security: .ldaps) }
        let (kept, dropped) = try LDAPServerDiscovery.insideDomain(servers, domain: "corp.example.com")
        #expect(kept.map(\.host) == ["dc1.corp.example.com", "DC2.Corp.Example.Com."])
        #expect(dropped.map(\.host) == ["evil.example.net", "corp.example.com.evil.net", "xcorp.example.com", "corp.example.com"])
    }

    @Test func noDCInsideTheDomainIsAnErrorThatSaysWhy() {
        let error = #expect(throws: LDAPError.self) {
            try LDAPServerDiscovery.insideDomain([LDAPServer(host: "attacker.example.net", port: 636, security: .ldaps)], domain: "corp.example.com")
        }
        #expect(error?.code == .noServerAvailable)
        #expect(error?.description.contains("attacker.example.net") == true && error?.description.contains("inside corp.example.com") == true)
    }
}
