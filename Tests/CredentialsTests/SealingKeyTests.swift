import Foundation
import Testing

@testable import Credentials

@Suite struct SealingKeyTests {
    static let zeroKeyBase64 = Data(repeating: 0, count: 32).base64EncodedString()

    /// A fresh directory per test, so tests can run in parallel.
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func writeKeyFile(_ contents: Data, permissions: Int, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("sealing.key").path
        try contents.write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        return path
    }

    @Test func keyIDIsTheStartOfTheSHA256OfTheKey() throws {
        // SHA-256 of 32 zero bytes is 66687aad f862bd77…
        #expect(try SealingKey(rawBytes: [UInt8](repeating: 0, count: 32)).keyID == "66687aad")
        #expect(try SealingKey(base64: Self.zeroKeyBase64).keyID == "66687aad")
        #expect(try SealingKey(base64: "  \(Self.zeroKeyBase64)\n").keyID == "66687aad")
        #expect(SealingKey.generate().keyID != SealingKey.generate().keyID)
    }

    @Test(arguments: [0, 16, 31, 33, 64])
    func rawKeysMustHave32Bytes(count: Int) {
        let error = #expect(throws: SecretSealerError.self) {
            try SealingKey(rawBytes: [UInt8](repeating: 7, count: count))
        }
        #expect(error?.code == .invalidKey)
    }

    @Test(arguments: ["", "not base64", Data(count: 16).base64EncodedString(), Data(count: 33).base64EncodedString()])
    func base64KeysMustDecodeTo32Bytes(text: String) {
        let error = #expect(throws: SecretSealerError.self) { try SealingKey(base64: text) }
        #expect(error?.code == .invalidKey)
    }

    @Test func fromTheEnvironment() throws {
        let key = try SealingKey.fromEnvironment("FIRSTKEY_SEALING_KEY", in: ["FIRSTKEY_SEALING_KEY": Self.zeroKeyBase64])
        #expect(key.keyID == "66687aad")

        let missing = #expect(throws: SecretSealerError.self) {
            try SealingKey.fromEnvironment("FIRSTKEY_SEALING_KEY", in: [:])
        }
        #expect(missing?.code == .keyNotConfigured)
        #expect(missing?.description.contains("FIRSTKEY_SEALING_KEY") == true)

        let invalid = #expect(throws: SecretSealerError.self) {
            try SealingKey.fromEnvironment("FIRSTKEY_SEALING_KEY", in: ["FIRSTKEY_SEALING_KEY": "short"])
        }
        #expect(invalid?.code == .invalidKey)
        #expect(invalid?.description.contains("FIRSTKEY_SEALING_KEY") == true)

        #expect(throws: SecretSealerError.self) { try SealingKey.fromEnvironment("FIRSTKEY_TEST_SURELY_UNSET_\(UUID().uuidString)") }
    }

    @Test(arguments: [0o600, 0o400])
    func ownerOnlyKeyFilesLoad(permissions: Int) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeKeyFile(Data((Self.zeroKeyBase64 + "\n").utf8), permissions: permissions, in: directory)
        #expect(try SealingKey.load(fromFile: path).keyID == "66687aad")
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o620, 0o660, 0o666, 0o700 | 0o010])
    func keyFilesOthersCanReachAreRefused(permissions: Int) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeKeyFile(Data(Self.zeroKeyBase64.utf8), permissions: permissions, in: directory)
        let error = #expect(throws: SecretSealerError.self) { try SealingKey.load(fromFile: path) }
        #expect(error?.code == .keyFileTooPermissive)
        #expect(error?.description.contains("chmod 600") == true)
        #expect(error?.description.contains(String(permissions, radix: 8)) == true)
    }

    @Test func rawKeyFilesLoad() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = Data((0..<32).map { UInt8($0 * 7) })
        let path = try writeKeyFile(raw, permissions: 0o600, in: directory)
        #expect(try SealingKey.load(fromFile: path).keyID == SealingKey(rawBytes: raw).keyID)
    }

    @Test func aTypedPassphraseIsNotAKey() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeKeyFile(Data("correct horse battery staple 123".utf8), permissions: 0o600, in: directory)
        let error = #expect(throws: SecretSealerError.self) { try SealingKey.load(fromFile: path) }
        #expect(error?.code == .invalidKey)
    }

    @Test func missingFilesAndDirectoriesAreUnreadable() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for path in [directory.appendingPathComponent("absent.key").path, directory.path] {
            let error = #expect(throws: SecretSealerError.self) { try SealingKey.load(fromFile: path) }
            #expect(error?.code == .keyFileUnreadable)
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test func writtenKeyFilesAreOwnerOnlyAndNeverOverwritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.key").path
        let key = SealingKey.generate()
        try key.write(toFile: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SealingKey.load(fromFile: path).keyID == key.keyID)

        let error = #expect(throws: SecretSealerError.self) { try SealingKey.generate().write(toFile: path) }
        #expect(error?.code == .keyFileNotWritten)
        #expect(try SealingKey.load(fromFile: path).keyID == key.keyID)
    }

    @Test func keysAreNeverShown() throws {
        let key = try SealingKey(base64: Self.zeroKeyBase64)
        var dumped = ""
        dump(key, to: &dumped)
        for rendering in ["\(key)", String(reflecting: key), dumped, "\(SecretSealer(current: key))"] {
            #expect(!rendering.contains(Self.zeroKeyBase64))
            #expect(!rendering.contains("AAAAAAAA"))
        }
        #expect("\(key)" == "SealingKey(66687aad)")
    }
}
