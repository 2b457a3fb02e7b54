import Testing
@testable import LDAP

@Suite struct MessageCodingTests {
    @Test func anonymousBindMatchesTheWireFormat() throws {
        let message = LDAPMessage(messageID: 1, operation: .bindRequest(.simple(name: "", password: "")))
        #expect(message.encode() == [0x30, 0x0C, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00])
    }

    @Test func bindResponseDecodesFromServerBytes() throws {
        let bytes: [UInt8] = [0x30, 0x0C, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]
        let message = try LDAPMessage(decoding: bytes)
        #expect(message.messageID == 1)
        #expect(message.operation == .bindResponse(BindResponse(result: .success)))
    }

    @Test func searchRequestMatchesTheWireFormat() throws {
        let request = SearchRequest(baseDN: "dc=example,dc=com", scope: .wholeSubtree, filter: .present(attribute: "objectClass"))
        let bytes = LDAPMessage(messageID: 2, operation: .searchRequest(request)).encode()
        let expected: [UInt8] = [0x30, 0x36, 0x02, 0x01, 0x02, 0x63, 0x31, 0x04, 0x11] + Array("dc=example,dc=com".utf8)
            + [0x0A, 0x01, 0x02, 0x0A, 0x01, 0x00, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x01, 0x01, 0x00, 0x87, 0x0B]
            + Array("objectClass".utf8) + [0x30, 0x00]
        #expect(bytes == expected)
    }

    @Test func longFormLengthsAsSentByActiveDirectoryDecode() throws {
        // AD writes every length with the 0x84 four-octet form.
        let bytes: [UInt8] = [0x30, 0x84, 0x00, 0x00, 0x00, 0x10, 0x02, 0x01, 0x07, 0x65, 0x84, 0x00, 0x00, 0x00, 0x07,
                              0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]
        let message = try LDAPMessage(decoding: bytes)
        #expect(message.messageID == 7)
        #expect(message.operation == .searchResultDone(.success))
    }

    @Test(arguments: Self.sampleMessages)
    func everyOperationRoundTrips(_ message: LDAPMessage) throws {
        let decoded = try LDAPMessage(decoding: message.encode())
        #expect(decoded == message)
    }

    static let sampleMessages: [LDAPMessage] = [
        LDAPMessage(messageID: 1, operation: .bindRequest(.simple(name: "cn=a", password: "secret"))),
        LDAPMessage(messageID: 2, operation: .bindRequest(BindRequest(name: "", authentication: .sasl(mechanism: "EXTERNAL", credentials: nil)))),
        LDAPMessage(messageID: 3, operation: .bindResponse(BindResponse(result: LDAPResult(resultCode: .invalidCredentials, diagnosticMessage: "80090308: data 52e"), serverSASLCredentials: [1, 2]))),
        LDAPMessage(messageID: 4, operation: .unbindRequest),
        LDAPMessage(messageID: 5, operation: .searchRequest(SearchRequest(baseDN: "DC=ad", scope: .singleLevel, sizeLimit: 10, timeLimit: 5, typesOnly: true,
            filter: try! LDAPFilter(parsing: "(&(objectClass=user)(|(sAMAccountName=al*ce)(!(cn=x))))"), attributes: ["cn", "objectSid"])),
            controls: [PagedResultsControl(size: 500, cookie: [9, 9]).control(), DomainScopeControl.control()]),
        LDAPMessage(messageID: 6, operation: .searchResultEntry(SearchResultEntry(dn: "CN=Alice", attributes: [
            LDAPAttribute(name: "objectSid", values: [[0x01, 0x05, 0x00, 0xFF]]), LDAPAttribute(name: "cn", strings: ["Alice", "A"]), LDAPAttribute(name: "empty", values: [])]))),
        LDAPMessage(messageID: 7, operation: .searchResultDone(LDAPResult(resultCode: .referral, referral: ["ldap://a/DC=x", "ldap://b/DC=x"]))),
        LDAPMessage(messageID: 8, operation: .searchResultReference(["ldaps://ad.example.test/CN=Configuration,DC=ad"])),
        LDAPMessage(messageID: 9, operation: .modifyRequest(ModifyRequest(dn: "CN=Alice", changes: [
            .replace("unicodePwd", bytes: [[0x22, 0x00]]), .replace("pwdLastSet", ["0"]), .add("mail", ["a@b"]), .delete("description")]))),
        LDAPMessage(messageID: 10, operation: .modifyResponse(LDAPResult(resultCode: .constraintViolation, matchedDN: "", diagnosticMessage: "0000052D: Constraint violation"))),
        LDAPMessage(messageID: 11, operation: .addRequest(AddRequest(dn: "CN=New", attributes: [LDAPAttribute(name: "objectClass", strings: ["top", "user"])]))),
        LDAPMessage(messageID: 12, operation: .addResponse(.success)),
        LDAPMessage(messageID: 13, operation: .deleteRequest(dn: "CN=Old")),
        LDAPMessage(messageID: 14, operation: .deleteResponse(.success)),
        LDAPMessage(messageID: 15, operation: .compareRequest(CompareRequest(dn: "CN=A", attribute: "cn", value: Array("A".utf8)))),
        LDAPMessage(messageID: 16, operation: .compareResponse(LDAPResult(resultCode: .compareTrue))),
        LDAPMessage(messageID: 17, operation: .abandonRequest(messageID: 5)),
        LDAPMessage(messageID: 18, operation: .extendedRequest(.passwordModify(userIdentity: "uid=alice", oldPassword: nil, newPassword: "N3w!"))),
        LDAPMessage(messageID: 19, operation: .extendedRequest(ExtendedRequest(name: ExtendedRequest.startTLSOID))),
        LDAPMessage(messageID: 20, operation: .extendedResponse(ExtendedResponse(result: .success, name: "1.2.3", value: [0x30, 0x00]))),
        LDAPMessage(messageID: 0, operation: .extendedResponse(ExtendedResponse(result: LDAPResult(resultCode: .unavailable), name: ExtendedResponse.noticeOfDisconnectionOID))),
        LDAPMessage(messageID: 21, operation: .intermediateResponse(IntermediateResponse(name: "1.3", value: [1]))),
        LDAPMessage(messageID: Int32.max, operation: .modifyResponse(.success), controls: [LDAPControl(oid: "1.2.3.4", criticality: true, value: [])]),
    ]

    @Test func referralsAreReturnedNotChased() throws {
        let message = LDAPMessage(messageID: 7, operation: .modifyResponse(LDAPResult(resultCode: .referral, referral: ["ldap://dc2.example.test/CN=Alice"])))
        let decoded = try LDAPMessage(decoding: message.encode())
        #expect(decoded.operation.finalResult?.referral == ["ldap://dc2.example.test/CN=Alice"])
        #expect(decoded.operation.finalResult?.resultCode == .referral)
    }

    @Test func passwordModifyResponseYieldsTheGeneratedPassword() throws {
        let response = ExtendedResponse(result: .success, value: [0x30, 0x05, 0x80, 0x03, 0x61, 0x62, 0x63])
        #expect(try response.generatedPassword() == "abc")
        #expect(try ExtendedResponse(result: .success).generatedPassword() == nil)
    }

    @Test func secretsNeverAppearWhenMessagesArePrinted() {
        let canary = "Canary-Secret-9f3b"
        let messages: [LDAPMessage] = [
            LDAPMessage(messageID: 1, operation: .bindRequest(.simple(name: "cn=svc", password: canary))),
            LDAPMessage(messageID: 2, operation: .modifyRequest(ModifyRequest(dn: "CN=A", changes: [.replace("unicodePwd", [canary])]))),
            LDAPMessage(messageID: 3, operation: .extendedRequest(.passwordModify(userIdentity: "uid=a", oldPassword: canary, newPassword: canary))),
        ]
        for message in messages {
            for text in [String(describing: message), String(reflecting: message), "\(message.operation)", { var s = ""; dump(message, to: &s); return s }()] {
                #expect(!text.contains(canary), "printed form leaks the secret: \(message.operation.name)")
            }
        }
    }

    @Test func unknownResultCodesAreKept() throws {
        let message = LDAPMessage(messageID: 3, operation: .modifyResponse(LDAPResult(resultCode: LDAPResultCode(rawValue: 4096))))
        let decoded = try LDAPMessage(decoding: message.encode())
        #expect(decoded.operation.finalResult?.resultCode.rawValue == 4096)
        #expect(LDAPResultCode.constraintViolation.description == "19 constraintViolation")
    }

    @Test func pagedResultsAndPasswordPolicyControlsDecode() throws {
        let paged = try PagedResultsControl(control: PagedResultsControl(size: 1000, cookie: [1, 2, 3]).control())
        #expect(paged.size == 1000 && paged.cookie == [1, 2, 3])
        // ppolicy response: error passwordTooShort (6)
        let ppolicy = try PasswordPolicyResponse(control: LDAPControl(oid: PasswordPolicyResponse.oid, value: [0x30, 0x03, 0x81, 0x01, 0x06]))
        #expect(ppolicy.error == .passwordTooShort)
        // ppolicy warning: grace logins remaining 2
        let warning = try PasswordPolicyResponse(control: LDAPControl(oid: PasswordPolicyResponse.oid, value: [0x30, 0x05, 0xA0, 0x03, 0x81, 0x01, 0x02]))
        #expect(warning.warning == .graceAuthenticationsRemaining(2))
        #expect(PolicyHintsControl.control().value == [0x30, 0x03, 0x02, 0x01, 0x01])
    }
}
