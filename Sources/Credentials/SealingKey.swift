import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A 256-bit AES key that seals secrets at rest. Printing, dumping or mirroring it shows only
/// its ``keyID``.
public struct SealingKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    static let byteCount = 32

    let key: SymmetricKey

    /// The first 8 hex digits of the SHA-256 of the raw key: enough to tell keys apart during
    /// rotation, and what `base64 -d <key-file | sha256sum | cut -c1-8` prints.
    public let keyID: String

    private init(key: SymmetricKey) {
        self.key = key
        self.keyID = key.withUnsafeBytes { Self.keyID(ofRawKey: $0) }
    }

    static func keyID(ofRawKey bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).prefix(4).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// A key from exactly 32 raw bytes.
    public init(rawBytes: some Sequence<UInt8>) throws {
        let bytes = Array(rawBytes)
        guard bytes.count == Self.byteCount else {
            throw SecretSealerError(
                .invalidKey,
                "The sealing key is not valid: it must be exactly 32 bytes.",
                detail: "got \(bytes.count) bytes"
            )
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// A key from the base64 encoding of 32 bytes (as `openssl rand -base64 32` prints);
    /// white space around it is ignored.
    public init(base64: String) throws {
        try self.init(base64: base64, source: "given as text")
    }

    private init(base64: String, source: String) throws {
        let text = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == Self.byteCount else {
            throw SecretSealerError(
                .invalidKey,
                "The sealing key \(source) is not valid: it must be the base64 encoding of 32 bytes "
                    + "(44 characters, as printed by `openssl rand -base64 32`)."
            )
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// A new random key from the system's secure generator.
    public static func generate() -> SealingKey {
        SealingKey(key: SymmetricKey(size: .bits256))
    }

    /// The key held, base64-encoded, in the environment variable `name`.
    public static func fromEnvironment(_ name: String) throws -> SealingKey {
        try fromEnvironment(name, in: ProcessInfo.processInfo.environment)
    }

    /// The key held, base64-encoded, under `name` in `environment`.
    public static func fromEnvironment(_ name: String, in environment: [String: String]) throws -> SealingKey {
        guard let value = environment[name], !value.isEmpty else {
            throw SecretSealerError(
                .keyNotConfigured,
                "The environment variable \(name), which should hold the sealing key, is not set or is empty."
            )
        }
        return try SealingKey(base64: value, source: "in the environment variable \(name)")
    }

    /// The key in the file at `path`: base64 text of 32 bytes, or exactly 32 raw bytes.
    ///
    /// Refuses a file that its group or other users may read, write or execute, as OpenSSH does
    /// for private keys: whoever can read it can open every sealed secret, and whoever can
    /// replace it can make Firstkey seal new secrets with a key they know.
    public static func load(fromFile path: String) throws -> SealingKey {
        try loadRing(fromFile: path)[0]
    }

    /// The keys in the file at `path`, newest first: one base64 key per line (blank lines and
    /// `#` comments ignored), or exactly 32 raw bytes. The first key seals; the others are
    /// previous keys that still open what was sealed before a rotation. The same permission
    /// check as ``load(fromFile:)``.
    public static func loadRing(fromFile path: String) throws -> [SealingKey] {
        let contents = try readPrivateFile(path)
        // 32 bytes that are all printable are far likelier a typed passphrase than random key
        // material (a random key is all printable with probability about 10^-14): treat them as
        // base64 text, which then fails to decode to 32 bytes.
        if contents.count == byteCount && !contents.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return [SealingKey(key: SymmetricKey(data: contents))]
        }
        let lines = String(decoding: contents, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else {
            throw SecretSealerError(.invalidKey, "The sealing key file \(path) holds no key: it must hold the base64 encoding of 32 bytes "
                                    + "(44 characters, as printed by `openssl rand -base64 32`).")
        }
        return try lines.enumerated().map { index, line in
            try SealingKey(base64: line, source: index == 0 ? "in the file \(path)" : "on line \(index + 1) of the file \(path)")
        }
    }

    /// Replaces the key ring at `path` with `keys` (newest first) in one step: a new file, mode
    /// 600, renamed over the old one, so a crash leaves either ring, never half of one.
    public static func replaceRing(_ keys: [SealingKey], atFile path: String) throws {
        guard !keys.isEmpty else { throw SecretSealerError(.invalidKey, "A key ring needs at least one key.") }
        let temporary = path + ".new-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let text = "# Firstkey sealing keys, newest first: the first seals, the others only open.\n"
            + keys.map { key in key.key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n" }.joined()
        try writeNew(Array(text.utf8), toFile: temporary)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SecretSealerError(.keyFileNotWritten, "The sealing key file \(path) could not be replaced (\(Self.errorText(code))).", detail: "errno \(code)")
        }
    }

    private static func readPrivateFile(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw fileUnreadable(path, errno: errno)
        }
        defer { close(descriptor) }

        // fstat on the open descriptor, so the permissions checked belong to the file read.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw fileUnreadable(path, errno: errno)
        }
        guard status.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            throw SecretSealerError(
                .keyFileUnreadable,
                "The sealing key file \(path) is not a regular file."
            )
        }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw SecretSealerError(
                .keyFileTooPermissive,
                "The sealing key file \(path) is accessible to other users (mode \(octal(permissions))); "
                    + "make it readable only by its owner, for example with `chmod 600 \(path)`."
            )
        }

        return try readAll(descriptor, path: path, limit: 16_384)
    }

    /// Writes the key, base64-encoded, to a new file at `path` readable only by its owner.
    /// Never overwrites: losing a key makes every secret sealed with it unreadable.
    public func write(toFile path: String) throws {
        try Self.writeNew(Array((key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n").utf8), toFile: path)
    }

    private static func writeNew(_ text: [UInt8], toFile path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw SecretSealerError(
                .keyFileNotWritten,
                "The sealing key file \(path) could not be created (\(Self.errorText(code))).",
                detail: "errno \(code)"
            )
        }
        defer { close(descriptor) }
        var written = 0
        while written < text.count {
            let result = text[written...].withUnsafeBytes { writeBytes(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                throw SecretSealerError(
                    .keyFileNotWritten,
                    "The sealing key file \(path) could not be written (\(Self.errorText(code))).",
                    detail: "errno \(code)"
                )
            }
            written += result
        }
    }

    private static func readAll(_ descriptor: Int32, path: String, limit: Int) throws -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw fileUnreadable(path, errno: code)
            }
            if count == 0 { return contents }
            contents += chunk[0..<count]
            if contents.count > limit {
                throw SecretSealerError(
                    .invalidKey,
                    "The sealing key file \(path) is not valid: it is far larger than a key.",
                    detail: "more than \(limit) bytes"
                )
            }
        }
    }

    private static func fileUnreadable(_ path: String, errno code: Int32) -> SecretSealerError {
        SecretSealerError(
            .keyFileUnreadable,
            "The sealing key file \(path) could not be read (\(errorText(code))).",
            detail: "errno \(code)"
        )
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func octal(_ permissions: mode_t) -> String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public var description: String { "SealingKey(\(keyID))" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["keyID": keyID], displayStyle: .struct)
    }
}

// At file scope, so that `write` is the system call rather than `SealingKey.write(toFile:)`.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
