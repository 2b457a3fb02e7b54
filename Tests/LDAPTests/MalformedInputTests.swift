import TestSupport
import Testing
@testable import LDAP

@Suite struct MalformedInputTests {
    @Test func truncatedMessagesThrowAtEveryLength() throws {
        let full = LDAPMessage(messageID: 5, operation: .searchRequest(SearchRequest(baseDN: "DC=x",
            filter: try LDAPFilter(parsing: "(&(a=b)(c=d*e))"), attributes: ["cn"]))).encode()
        for length in 0..<full.count {
            #expect(throws: (any Error).self) { try LDAPMessage(decoding: full.prefix(length)) }
        }
    }

    @Test func trailingBytesAreRejected() {
        let bytes = LDAPMessage(messageID: 1, operation: .unbindRequest).encode() + [0x00]
        #expect(throws: (any Error).self) { try LDAPMessage(decoding: bytes) }
    }

    @Test func wrongShapesGiveClearErrors() {
        // messageID as OCTET STRING
        let bytes: [UInt8] = [0x30, 0x05, 0x04, 0x01, 0x01, 0x42, 0x00]
        #expect {
            try LDAPMessage(decoding: bytes)
        } throws: { error in
            (error as? LDAPDecodingError)?.code == .unexpectedElement
        }
        // negative message ID
        #expect(throws: LDAPDecodingError.self) { try LDAPMessage(decoding: [0x30, 0x05, 0x02, 0x01, 0xFF, 0x42, 0x00]) }
        // unknown protocolOp [APPLICATION 30]
        #expect(throws: LDAPDecodingError.self) { try LDAPMessage(decoding: [0x30, 0x05, 0x02, 0x01, 0x01, 0x5E, 0x00]) }
        // integer wider than 8 bytes
        #expect(throws: LDAPDecodingError.self) { try LDAPMessage(decoding: [0x30, 0x0D, 0x02, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x42, 0x00]) }
    }

    @Test func deeplyNestedFiltersAreRefusedNotOverflowed() throws {
        var filter = LDAPFilter.present(attribute: "cn")
        for _ in 0..<40 { filter = .not(filter) }
        let bytes = LDAPMessage(messageID: 1, operation: .searchRequest(SearchRequest(baseDN: "", filter: filter))).encode()
        #expect(throws: (any Error).self) { try LDAPMessage(decoding: bytes) }
        let deepString = String(repeating: "(!", count: 1000) + "(cn=a)" + String(repeating: ")", count: 1000)
        #expect(throws: LDAPFilterSyntaxError.self) { try LDAPFilter(parsing: deepString) }
    }

    @Test func framingFindsBoundariesAndRefusesAbsurdLengths() throws {
        let message = LDAPMessage(messageID: 1, operation: .unbindRequest).encode()
        #expect(try LDAPFraming.messageLength(in: message) == message.count)
        #expect(try LDAPFraming.messageLength(in: message.prefix(1)) == nil)
        #expect(try LDAPFraming.messageLength(in: [0x30, 0x84, 0x00]) == nil)
        #expect(try LDAPFraming.messageLength(in: [0x30, 0x84, 0x00, 0x00, 0x01, 0x00]) == 262)
        #expect(throws: LDAPDecodingError.self) { try LDAPFraming.messageLength(in: [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF]) }
        #expect(throws: LDAPDecodingError.self) { try LDAPFraming.messageLength(in: [0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) }
        #expect(throws: LDAPDecodingError.self) { try LDAPFraming.messageLength(in: [0x30, 0x80]) }
        #expect(throws: LDAPDecodingError.self) { try LDAPFraming.messageLength(in: [0x04, 0x00]) }
        #expect(throws: LDAPDecodingError.self) { try LDAPFraming.messageLength(in: [0x30, 0x89]) }
    }

    /// Property test: random mutations of valid PDUs never crash the decoder; each either decodes
    /// to something that re-encodes and decodes the same, or throws a typed error.
    @Test func randomMutationsNeverCrash() throws {
        var generator = SplitMix64(seed: 0x5EED_F1E5_7C3E)
        let seeds = MessageCodingTests.sampleMessages.map { $0.encode() }
        var decodedCount = 0
        for iteration in 0..<20_000 {
            var bytes = seeds[iteration % seeds.count]
            let mutations = 1 + Int(generator.next() % 4)
            for _ in 0..<mutations {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
                default: bytes[position] ^= 1 << UInt8(generator.next() % 8)
                }
                if bytes.isEmpty { bytes = [0x30] }
            }
            do {
                if let length = try LDAPFraming.messageLength(in: bytes), length <= bytes.count {
                    let message = try LDAPMessage(decoding: bytes.prefix(length))
                    decodedCount += 1
                    #expect(try LDAPMessage(decoding: message.encode()) == message)
                }
            } catch is LDAPDecodingError {
            }
        }
        #expect(decodedCount > 0)
    }
}
