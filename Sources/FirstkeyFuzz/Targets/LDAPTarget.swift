import LDAP

/// The LDAP module's decoders: a byte stream split by `LDAPFraming` and decoded message by
/// message, one PDU decoded directly, and RFC 4515 filter strings. The first input byte picks
/// which (mod 3), so mutations move between them. A decoder either returns a value or throws
/// its own error type; a decoded message must survive encode → decode unchanged, and a parsed
/// filter must survive its string form and the wire.
struct LDAPTarget: FuzzTarget {
    let name = "ldap"

    enum Mode: UInt8 { case stream = 0, message = 1, filter = 2 }

    static let messages: [LDAPMessage] = {
        var messages: [LDAPMessage] = [
            LDAPMessage(messageID: 1, operation: .bindRequest(.simple(name: "cn=a", password: "secret"))),
            LDAPMessage(messageID: 2, operation: .bindRequest(BindRequest(name: "", authentication: .sasl(mechanism: "EXTERNAL", credentials: nil)))),
            LDAPMessage(messageID: 3, operation: .bindResponse(BindResponse(result: LDAPResult(resultCode: .invalidCredentials, diagnosticMessage: "80090308: data 52e"), serverSASLCredentials: [1, 2]))),
            LDAPMessage(messageID: 4, operation: .unbindRequest),
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
        for (index, filter) in filterSeeds.enumerated() {
            if let parsed = try? LDAPFilter(parsing: filter) {
                messages.append(LDAPMessage(messageID: Int32(100 + index), operation: .searchRequest(SearchRequest(
                    baseDN: "DC=ad,DC=example", scope: .wholeSubtree, sizeLimit: 10, timeLimit: 5, filter: parsed, attributes: ["cn", "objectSid"])),
                    controls: [PagedResultsControl(size: 500, cookie: [9, 9]).control(), DomainScopeControl.control()]))
            }
        }
        return messages
    }()

    static let filterSeeds = [
        "(&(objectClass=user)(|(sAMAccountName=al*ce)(!(cn=x))))", "(employeeID=701985)", "uid=alice", "(cn=*)", "(cn=a*b*c)", "(cn=*x*)",
        "(whenCreated>=20260101000000.0Z)", "(uSNChanged<=12345)", "(cn~=alise)", "(userAccountControl:1.2.840.113556.1.4.803:=2)",
        "(:dn:2.4.8.10:=Dino)", "(objectSid=\\01\\05\\00\\00)", "(cn=\\28paren\\29)", "(&)", "(|)", "(!(!(!(cn=x))))",
    ]

    /// AD writes every length in the four-octet form; the decoder must read it although we never write it.
    static let activeDirectoryBytes: [UInt8] = [0x30, 0x84, 0x00, 0x00, 0x00, 0x10, 0x02, 0x01, 0x07, 0x65, 0x84, 0x00, 0x00, 0x00, 0x07,
                                                0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]

    static let berDictionary: [[UInt8]] = [
        [0x30], [0x30, 0x80], [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0x30, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0], [0x02, 0x01, 0x00], [0x02, 0x09, 0xFF],
        [0x02, 0x00], [0x04, 0x00], [0x04, 0x82, 0xFF, 0xFF], [0x0A, 0x01, 0xFF], [0x01, 0x01, 0xFF], [0x80, 0x00], [0xA0, 0x00], [0xA0, 0x80],
        [0x63], [0x64], [0x65], [0x77], [0x78], [0x1F, 0xFF, 0xFF, 0xFF, 0x7F], [0x00, 0x00], [0x30, 0x00], [0x87, 0x01, 0x61],
    ]

    static let filterDictionary: [[UInt8]] = [
        "(", ")", "&", "|", "!", "=", "*", "~=", ">=", "<=", ":=", ":dn:", "\\", "\\00", "\\2a", "\\zz", "\\", "cn", "1.2.840", "(&(cn=a)",
        ")(", "\u{0}", "é", ";binary",
    ].map { Array($0.utf8) }

    static func seedInputs() -> [[UInt8]] {
        let encoded = messages.map { $0.encode() } + [activeDirectoryBytes]
        var inputs: [[UInt8]] = []
        for (index, bytes) in encoded.enumerated() {
            inputs.append([Mode.message.rawValue] + bytes)
            inputs.append([Mode.stream.rawValue] + bytes + encoded[(index + 1) % encoded.count] + encoded[(index + 7) % encoded.count].prefix(5))
        }
        return inputs + filterSeeds.map { [Mode.filter.rawValue] + Array($0.utf8) }
    }

    let seeds = LDAPTarget.seedInputs()

    func generate(_ rng: inout SplitMix64) -> [UInt8] {
        let seed = rng.pick(seeds)
        let mode = seed.first ?? 0
        if rng.chance(30) {  // structured: a random message value, or a random filter's string form
            if mode == Mode.filter.rawValue { return [mode] + Array(LDAPFilterGenerator.filter(&rng, depth: 4).description.utf8) }
            let message = LDAPFilterGenerator.message(&rng)
            let bytes = message.encode()
            return [rng.chance(50) ? Mode.message.rawValue : Mode.stream.rawValue] + (rng.chance(50) ? bytes : ByteMutator(dictionary: Self.berDictionary).mutate(bytes, seeds: seeds, rng: &rng))
        }
        let dictionary = mode == Mode.filter.rawValue ? Self.filterDictionary : Self.berDictionary
        let body = ByteMutator(dictionary: dictionary).mutate(Array(seed.dropFirst()), seeds: seeds.map { Array($0.dropFirst()) }, rng: &rng)
        return [rng.chance(97) ? mode : UInt8(truncatingIfNeeded: rng.next())] + body
    }

    func execute(_ input: [UInt8]) async -> FuzzVerdict {
        guard let first = input.first else { return .passed("empty") }
        let body = input.dropFirst()
        switch Mode(rawValue: first % 3)! {
        case .message:
            switch Self.decode(body) {
            case nil: return .passed("message-decoded")
            case .passed?: return .passed("message-refused")
            case .failed(let reason)?: return .failed(reason)
            }
        case .stream:
            return Self.stream(Array(body))
        case .filter:
            return Self.filter(String(decoding: body, as: UTF8.self))
        }
    }

    /// nil when the message decoded and round-tripped, "refused" for a decoding error, or a failure.
    static func decode(_ bytes: some Collection<UInt8>) -> FuzzVerdict? {
        let message: LDAPMessage
        do {
            message = try LDAPMessage(decoding: bytes)
        } catch let error as LDAPDecodingError {
            guard !error.reason.isEmpty else { return .failed("a decoding error without a reason (\(error.code))") }
            return .passed("refused")
        } catch {
            return .failed("decoding threw \(type(of: error)), not LDAPDecodingError: \(error)")
        }
        let encoded = message.encode()
        do {
            let again = try LDAPMessage(decoding: encoded)
            guard again == message else { return .failed("re-encoding changed the message: \(message) → \(again)") }
        } catch {
            return .failed("a decoded message (\(message)) does not decode after re-encoding: \(error)")
        }
        return nil
    }

    static func stream(_ bytes: [UInt8]) -> FuzzVerdict {
        var rest = bytes[...]
        var decoded = 0
        while !rest.isEmpty {
            let length: Int?
            do {
                length = try LDAPFraming.messageLength(in: rest)
            } catch let error as LDAPDecodingError {
                return error.reason.isEmpty ? .failed("a framing error without a reason") : .passed("stream-refused")
            } catch {
                return .failed("framing threw \(type(of: error)), not LDAPDecodingError: \(error)")
            }
            guard let length, length <= rest.count else { return .passed("stream-incomplete") }
            guard length >= 2 else { return .failed("framing announced a \(length)-byte message") }
            switch decode(rest.prefix(length)) {
            case nil: decoded += 1
            case .passed?: break  // one bad PDU; the client drops the connection, the frame boundary still holds
            case .failed(let reason)?: return .failed(reason)
            }
            rest = rest.dropFirst(length)
        }
        return .passed(decoded > 0 ? "stream-decoded" : "stream-refused-pdu")
    }

    static func filter(_ text: String) -> FuzzVerdict {
        let filter: LDAPFilter
        do {
            filter = try LDAPFilter(parsing: text)
        } catch let error as LDAPFilterSyntaxError {
            guard !error.reason.isEmpty, error.position >= 0, error.position <= text.utf8.count else { return .failed("a filter error without a position or reason: \(error)") }
            return .passed("filter-refused")
        } catch {
            return .failed("filter parsing threw \(type(of: error)), not LDAPFilterSyntaxError: \(error)")
        }
        do {
            let again = try LDAPFilter(parsing: filter.description)
            guard again == filter else { return .failed("the filter's string form \(filter.description) parses to \(again)") }
        } catch {
            return .failed("the filter's string form \(filter.description) does not parse: \(error)")
        }
        let message = LDAPMessage(messageID: 1, operation: .searchRequest(SearchRequest(baseDN: "DC=ad", filter: filter)))
        switch decode(message.encode()) {
        case nil: return .passed("filter-parsed")
        case .passed(let label)?: return .failed("a parsed filter does not decode from the wire (\(label)): \(filter.description)")
        case .failed(let reason)?: return .failed(reason)
        }
    }
}
