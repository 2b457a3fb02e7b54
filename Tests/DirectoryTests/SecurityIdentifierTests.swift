import TestSupport
import Testing

@testable import Directory

@Suite struct SecurityIdentifierTests {
    // S-1-5-21-1004336348-1177238915-682003330-512 as AD returns it in objectSid.
    static let domainAdminsBytes: [UInt8] = [
        0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xDC, 0xF4, 0xDC, 0x3B,
        0x83, 0x3D, 0x2B, 0x46, 0x82, 0x8B, 0xA6, 0x28, 0x00, 0x02, 0x00, 0x00,
    ]
    static let domainAdminsString = "S-1-5-21-1004336348-1177238915-682003330-512"

    @Test func parsesBinaryObjectSid() throws {
        let sid = try SecurityIdentifier(bytes: Self.domainAdminsBytes)
        #expect(sid.identifierAuthority == 5)
        #expect(sid.subAuthorities == [21, 1_004_336_348, 1_177_238_915, 682_003_330, 512])
        #expect(sid.description == Self.domainAdminsString)
        #expect(sid.relativeIdentifier == 512)
        #expect(sid.bytes == Self.domainAdminsBytes)
    }

    @Test func parsesStringForm() throws {
        let sid = try SecurityIdentifier(string: Self.domainAdminsString)
        #expect(sid.bytes == Self.domainAdminsBytes)
        #expect(sid == (try SecurityIdentifier(bytes: Self.domainAdminsBytes)))
        #expect(sid.domainIdentifier?.description == "S-1-5-21-1004336348-1177238915-682003330")
    }

    @Test func builtinAdministrators() throws {
        let bytes: [UInt8] = [0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00]
        let sid = try SecurityIdentifier(bytes: bytes)
        #expect(sid.description == "S-1-5-32-544")
        #expect(sid.relativeIdentifier == 544)
        #expect(try SecurityIdentifier(string: "S-1-5-32-544").bytes == bytes)
    }

    @Test func sidWithoutSubAuthorities() throws {
        let sid = try SecurityIdentifier(bytes: [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05])
        #expect(sid.description == "S-1-5")
        #expect(sid.relativeIdentifier == nil)
        #expect(sid.domainIdentifier == nil)
    }

    @Test func largeAuthorityUsesHexForm() throws {
        let sid = try SecurityIdentifier(string: "S-1-0x010000000000-5")
        #expect(sid.identifierAuthority == 1 << 40)
        #expect(sid.bytes == [0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00])
        #expect(sid.description == "S-1-0x010000000000-5")
    }

    @Test func largestSubAuthority() throws {
        let sid = try SecurityIdentifier(string: "S-1-5-21-4294967295")
        #expect(sid.relativeIdentifier == UInt32.max)
        #expect(Array(sid.bytes.suffix(4)) == [0xFF, 0xFF, 0xFF, 0xFF])
    }

    private func error(bytes: [UInt8]) -> SecurityIdentifierError? {
        do {
            _ = try SecurityIdentifier(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    private func error(string: String) -> SecurityIdentifierError? {
        do {
            _ = try SecurityIdentifier(string: string)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedAndGarbageBytesThrow() {
        #expect(error(bytes: [])?.code == .truncated)
        #expect(error(bytes: [0x01])?.code == .truncated)
        #expect(error(bytes: Array(Self.domainAdminsBytes.dropLast()))?.code == .truncated)
        #expect(error(bytes: Array(Self.domainAdminsBytes.prefix(12)))?.code == .truncated)
        #expect(error(bytes: Self.domainAdminsBytes + [0x00])?.code == .lengthMismatch)

        var revision2 = Self.domainAdminsBytes
        revision2[0] = 2
        #expect(error(bytes: revision2)?.code == .unsupportedRevision)

        var tooMany: [UInt8] = [0x01, 16, 0, 0, 0, 0, 0, 5]
        tooMany += [UInt8](repeating: 0, count: 16 * 4)
        #expect(error(bytes: tooMany)?.code == .tooManySubAuthorities)

        #expect(error(bytes: [UInt8](repeating: 0xFF, count: 64)) != nil)
        #expect(error(bytes: Array("S-1-5-21-1".utf8)) != nil)
    }

    @Test func randomBytesNeverCrashAndRoundTripWhenAccepted() {
        var generator = SplitMix64(seed: 0x5EED)
        var accepted = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...40, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Make well-formed headers common so the success path is exercised too.
            if count >= 2, Bool.random(using: &generator) {
                bytes[0] = 1
                bytes[1] = UInt8((count - 8) / 4 > 0 ? min((count - 8) / 4, 15) : 0)
            }
            if let sid = try? SecurityIdentifier(bytes: bytes) {
                accepted += 1
                #expect(sid.bytes == bytes)
                #expect((try? SecurityIdentifier(string: sid.description)) == sid)
            }
        }
        #expect(accepted > 0)
    }

    @Test(arguments: [
        "", "S", "S-1", "S-1-", "S-2-5-21-1", "X-1-5-21", "S-1-5-21-abc", "S-1-5-21--5", "S-1-5-21-1-",
        "S-1-+5-21", "S-1-5-+21", "S-1-5-21-4294967296", "S-1-281474976710656-1", "S-1-0x1-1",
        "S-1-0xGG0000000000-1", "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", "S-1-5-٣", "S-1-5-21 ",
    ])
    func malformedStringsThrow(_ text: String) {
        #expect(error(string: text) != nil)
    }

    @Test func errorDescriptionIsASentence() {
        let description = error(bytes: [0x01, 0x05, 0x00])?.description ?? ""
        #expect(description.hasPrefix("The security identifier (objectSid) is not valid"))
        #expect(description.hasSuffix("."))
    }
}
