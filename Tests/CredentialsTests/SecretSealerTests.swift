import Foundation
import Testing

@testable import Credentials

@Suite struct SecretSealerTests {
    let key = SealingKey.generate()
    let otherKey = SealingKey.generate()

    @Test(arguments: ["Kavu-Dinoma-47", "", "pässwörd ✓ パスワード", String(repeating: "x", count: 10_000)])
    func roundTrip(secret: String) throws {
        let sealer = SecretSealer(current: key)
        let sealed = try sealer.seal(secret, context: "case-1")
        #expect(sealed.keyID == key.keyID)
        #expect(try sealer.open(sealed, context: "case-1") == secret)
    }

    @Test func sealingTwiceGivesDifferentBoxes() throws {
        let sealer = SecretSealer(current: key)
        #expect(try sealer.seal("same", context: "case-1") != sealer.seal("same", context: "case-1"))
    }

    @Test func anotherContextDoesNotOpen() throws {
        let sealer = SecretSealer(current: key)
        let sealed = try sealer.seal("secret", context: "case-1")
        let error = #expect(throws: SecretSealerError.self) { try sealer.open(sealed, context: "case-2") }
        #expect(error?.code == .openFailed)
    }

    @Test func anEmptyContextIsRefused() throws {
        let sealer = SecretSealer(current: key)
        let error = #expect(throws: SecretSealerError.self) { try sealer.seal("secret", context: "") }
        #expect(error?.code == .missingContext)
        let sealed = try sealer.seal("secret", context: "case-1")
        #expect(throws: SecretSealerError.self) { try sealer.open(sealed, context: "") }
    }

    /// Flipping one bit anywhere (nonce, ciphertext or tag) must make opening fail.
    @Test func tamperingIsDetected() throws {
        let sealer = SecretSealer(current: key)
        let sealed = try sealer.seal("a secret of some length", context: "case-1")
        let bytes = try #require(Data(base64Encoded: sealed.combined))
        for index in bytes.indices {
            var tampered = bytes
            tampered[index] ^= 0x01
            let forged = try SealedSecret(storageText: "v1:\(sealed.keyID):\(tampered.base64EncodedString())")
            let error = #expect(throws: SecretSealerError.self) { try sealer.open(forged, context: "case-1") }
            #expect(error?.code == .openFailed)
        }
    }

    @Test func anUnknownKeyIsNamed() throws {
        let sealed = try SecretSealer(current: otherKey).seal("secret", context: "case-1")
        let error = #expect(throws: SecretSealerError.self) {
            try SecretSealer(current: key).open(sealed, context: "case-1")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.description.contains(otherKey.keyID) == true)
    }

    @Test func aRelabelledKeyIDDoesNotOpen() throws {
        let sealed = try SecretSealer(current: otherKey).seal("secret", context: "case-1")
        let relabelled = try SealedSecret(storageText: "v1:\(key.keyID):\(sealed.combined)")
        let error = #expect(throws: SecretSealerError.self) {
            try SecretSealer(current: key).open(relabelled, context: "case-1")
        }
        #expect(error?.code == .openFailed)
    }

    @Test func previousKeysOpenForRotation() throws {
        let old = try SecretSealer(current: otherKey).seal("secret", context: "case-1")
        let rotated = SecretSealer(current: key, previous: [otherKey])
        #expect(try rotated.open(old, context: "case-1") == "secret")
        #expect(!rotated.isSealedWithCurrentKey(old))
        let resealed = try rotated.seal(rotated.open(old, context: "case-1"), context: "case-1")
        #expect(rotated.isSealedWithCurrentKey(resealed))
        #expect(try SecretSealer(current: key).open(resealed, context: "case-1") == "secret")
    }

    // MARK: Storage text

    @Test func storageTextRoundTrips() throws {
        let sealed = try SecretSealer(current: key).seal("secret", context: "case-1")
        #expect(sealed.storageText.hasPrefix("v1:\(key.keyID):"))
        #expect(sealed.storageText.split(separator: ":").count == 3)
        let parsed = try SealedSecret(storageText: sealed.storageText)
        #expect(parsed == sealed)
        #expect(try SecretSealer(current: key).open(parsed, context: "case-1") == "secret")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let json = try encoder.encode(["password": sealed])
        #expect(String(decoding: json, as: UTF8.self) == #"{"password":"\#(sealed.storageText)"}"#)
        #expect(try JSONDecoder().decode([String: SealedSecret].self, from: json)["password"] == sealed)
        #expect("\(sealed)" == "SealedSecret(v1, key \(key.keyID))")
    }

    @Test(arguments: [
        ("", SecretSealerError.Code.malformedSealedSecret),
        ("v1", .malformedSealedSecret),
        ("v1:0123abcd", .malformedSealedSecret),
        ("v2:0123abcd:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", .unsupportedFormat),
        ("hunter2", .malformedSealedSecret),
        ("x:y:z", .unsupportedFormat),
        ("v1:0123ABCD:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", .malformedSealedSecret),
        ("v1:0123abc:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", .malformedSealedSecret),
        ("v1:0123abcd:not base64!", .malformedSealedSecret),
        ("v1:0123abcd:AAAA", .malformedSealedSecret),
        ("v1:0123abcd:", .malformedSealedSecret),
    ])
    func malformedStorageTextIsRefused(text: String, code: SecretSealerError.Code) {
        let error = #expect(throws: SecretSealerError.self) { try SealedSecret(storageText: text) }
        #expect(error?.code == code)
        #expect(error?.description.isEmpty == false)
    }

    @Test func malformedJSONIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SealedSecret].self, from: Data(#"["v1:nope"]"#.utf8))
        }
    }

    // MARK: Canary

    /// Every failure path, fed the secret and the key text where it could echo them: no
    /// rendering of any error may contain either.
    @Test func errorsNeverContainTheSecretOrTheKey() throws {
        let secret = "CANARY-\(UUID().uuidString)"
        let keyText = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let key = try SealingKey(base64: keyText)
        let sealer = SecretSealer(current: key)
        let sealed = try sealer.seal(secret, context: "case-1")
        var tamperedBytes = try #require(Data(base64Encoded: sealed.combined))
        tamperedBytes[20] ^= 0xFF
        let tampered = try SealedSecret(storageText: "v1:\(sealed.keyID):\(tamperedBytes.base64EncodedString())")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firstkey-canary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let openFile = directory.appendingPathComponent("open.key").path
        try Data(keyText.utf8).write(to: URL(fileURLWithPath: openFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: openFile)
        let damagedFile = directory.appendingPathComponent("damaged.key").path
        try Data((keyText + secret).utf8).write(to: URL(fileURLWithPath: damagedFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: damagedFile)

        let attempts: [() throws -> Void] = [
            { _ = try sealer.open(sealed, context: "case-2") },
            { _ = try sealer.open(tampered, context: "case-1") },
            { _ = try SecretSealer(current: .generate()).open(sealed, context: "case-1") },
            { _ = try sealer.seal(secret, context: "") },
            { _ = try SealedSecret(storageText: secret) },
            { _ = try SealedSecret(storageText: "v1:\(sealed.keyID):\(secret)") },
            { _ = try SealedSecret(storageText: "\(secret):\(secret):\(secret)") },
            { _ = try SealedSecret(storageText: "v1:\(secret.prefix(8).lowercased()):\(sealed.combined)") },
            { _ = try JSONDecoder().decode(SealedSecret.self, from: Data(#""v1:\#(secret)""#.utf8)) },
            { _ = try SealingKey(base64: String(keyText.dropLast(2))) },
            { _ = try SealingKey(base64: keyText + keyText) },
            { _ = try SealingKey(base64: secret) },
            { _ = try SealingKey.fromEnvironment("FIRSTKEY_SEALING_KEY", in: ["FIRSTKEY_SEALING_KEY": String(keyText.dropFirst())]) },
            { _ = try SealingKey.load(fromFile: openFile) },
            { _ = try SealingKey.load(fromFile: damagedFile) },
        ]
        var renderings: [String] = []
        for attempt in attempts {
            let error = #expect(throws: (any Error).self) { try attempt() }
            if let error {
                renderings += ["\(error)", String(reflecting: error), error.localizedDescription]
            }
        }
        #expect(renderings.count == attempts.count * 3)
        for rendering in renderings {
            #expect(!rendering.contains(secret), "\(rendering)")
            #expect(!rendering.contains("CANARY"), "\(rendering)")
            #expect(!rendering.contains(keyText.prefix(12)), "\(rendering)")
        }
    }
}
