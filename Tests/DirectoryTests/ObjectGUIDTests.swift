import TestSupport
import Testing

@testable import Directory

@Suite struct ObjectGUIDTests {
    // Raw objectGUID bytes of 7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c (first three fields byte-swapped).
    static let rawBytes: [UInt8] = [
        0x8E, 0x1C, 0x3B, 0x7A, 0x1D, 0x5F, 0x2A, 0x4B, 0x9C, 0x6E, 0x0D, 0x1E, 0x2F, 0x3A, 0x4B, 0x5C,
    ]
    static let canonical = "7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c"
    static let immutableID = "jhw7eh1fKkucbg0eLzpLXA=="

    @Test func rawBytesToCanonicalString() throws {
        let guid = try ObjectGUID(bytes: Self.rawBytes)
        #expect(guid.description == Self.canonical)
        #expect(guid.base64 == Self.immutableID)
        #expect(guid.bytes == Self.rawBytes)
    }

    @Test func sequentialBytesMatchDotNetOrder() throws {
        // new Guid(new byte[] { 0, 1, …, 15 }).ToString() in .NET
        let guid = try ObjectGUID(bytes: Array(0...15))
        #expect(guid.description == "03020100-0504-0706-0809-0a0b0c0d0e0f")
        #expect(guid.base64 == "AAECAwQFBgcICQoLDA0ODw==")
    }

    @Test func canonicalStringToRawBytes() throws {
        #expect(try ObjectGUID(string: Self.canonical).bytes == Self.rawBytes)
        #expect(try ObjectGUID(string: Self.canonical.uppercased()).bytes == Self.rawBytes)
        #expect(try ObjectGUID(string: "{" + Self.canonical + "}").bytes == Self.rawBytes)
    }

    @Test func immutableIDToRawBytes() throws {
        let guid = try ObjectGUID(base64: Self.immutableID)
        #expect(guid.bytes == Self.rawBytes)
        #expect(guid.description == Self.canonical)
        #expect(try ObjectGUID(base64: "jhw7eh1fKkucbg0eLzpLXA").bytes == Self.rawBytes)
        #expect(try ObjectGUID(base64: " jhw7eh1fKkucbg0eLzpLXA==\n").bytes == Self.rawBytes)
    }

    @Test func roundTripsRandomValues() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let guid = try ObjectGUID(bytes: bytes)
            #expect(try ObjectGUID(string: guid.description) == guid)
            #expect(try ObjectGUID(base64: guid.base64) == guid)
            #expect(guid.description.count == 36)
            #expect(guid.description == guid.description.lowercased())
        }
    }

    @Test func ldapFilterEscaping() throws {
        #expect(LDAPBinaryEscaping.ldapFilterEscapedBytes([]) == "")
        #expect(LDAPBinaryEscaping.ldapFilterEscapedBytes([0x01, 0xAB, 0x00, 0x2A, 0x28]) == "\\01\\ab\\00\\2a\\28")
        let guid = try ObjectGUID(bytes: Self.rawBytes)
        #expect(guid.ldapFilterValue == "\\8e\\1c\\3b\\7a\\1d\\5f\\2a\\4b\\9c\\6e\\0d\\1e\\2f\\3a\\4b\\5c")
    }

    private func error(_ body: () throws(ObjectGUIDError) -> ObjectGUID) -> ObjectGUIDError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func wrongLengthsThrow() {
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(bytes: []) }?.code == .wrongLength)
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(bytes: Array(Self.rawBytes.dropLast())) }?.code == .wrongLength)
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(bytes: Self.rawBytes + [0]) }?.code == .wrongLength)
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(base64: "AAECAwQFBgcICQoLDA0O") }?.code == .wrongLength)
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(base64: "") }?.code == .wrongLength)
    }

    @Test(arguments: [
        "", "7a3b1c8e5f1d4b2a9c6e0d1e2f3a4b5c", "7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5", "7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5g",
        "7a3b1c8e_5f1d-4b2a-9c6e-0d1e2f3a4b5c", "{7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c", "7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c0",
        "7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5é", "{}", "{", "------------------------------------",
    ])
    func malformedStringsThrow(_ text: String) {
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(string: text) }?.code == .malformedString)
    }

    @Test(arguments: [
        "jhw7eh1fKkucbg0eLzpLXA=!", "jhw7eh1f Kkucbg0eLzpLXA==", "jhw7eh1fKkucbg0eLzpLXA===", "jhw7eh1fKkucbg0eLzpLXB==",
        "jhw7eh1f-kucbg0eLzpLXA==", "=", "A", "====", "7a3b1c8e-5f1d-4b2a-9c6e-0d1e2f3a4b5c",
    ])
    func malformedBase64Throws(_ text: String) {
        #expect(error { () throws(ObjectGUIDError) in try ObjectGUID(base64: text) }?.code == .malformedBase64)
    }

    @Test func errorDescriptionDoesNotEchoInput() {
        let description = error { () throws(ObjectGUIDError) in try ObjectGUID(string: "not-a-guid-secret") }?.description ?? ""
        #expect(description.hasPrefix("The object GUID is not valid"))
        #expect(!description.contains("secret"))
    }
}
