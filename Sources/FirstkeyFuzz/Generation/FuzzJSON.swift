/// A JSON value as the fuzzer writes it: objects keep their key order and may repeat a key, and
/// numbers are raw text, so `1e999` and 40-digit integers reach the decoder unchanged.
indirect enum FuzzJSON: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([FuzzJSON])
    case object([(String, FuzzJSON)])

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let text): out += Array(text.utf8)
        case .string(let text): Self.writeString(text, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.0, into: &out)
                out.append(UInt8(ascii: ":"))
                member.1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Byte by byte: every byte of a multi-byte UTF-8 sequence is ≥ 0x80, so only ASCII needs escaping.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// Values that break parsers and validators more often than random ones do.
enum FuzzValues {
    static let strings: [String] = [
        "", " ", "\t", "\u{0}", "a\u{0}b", "null", "true", "0", "-1", "\u{FEFF}", "\u{202E}evil", "🦊", "Ærøskøbing", "Zoë O'Brien",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{FFFD}", "\u{10FFFF}", "../../etc/passwd", "%00", "%2F", "' OR 1=1 --", "<script>alert(1)</script>",
        "(cn=*)", "*", "\\", "\"", "CN=x,DC=y", "a@b", "@", "a@b@c", "alice@corp.example", "ALICE@CORP.EXAMPLE", " alice@corp.example ",
        "2026-12-01", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-12-01T00:00:00Z", "12/01/2026", "2026-1-1", "+2026-12-01",
        "+15550100001", "+1 555 010 0001", "+", "+0", "+999999999999999999999", "5550100", "self-service", "temporary-password", "tap", "fax", "SELF-SERVICE",
        "/Users", "POST", "DELETE", "PUT", "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:api:messages:2.0:BulkRequest",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "E1001", "S-1-5-21-1-2-3-500",
    ]

    static let numbers: [String] = [
        "0", "-0", "1", "-1", "1.5", "1e999", "-1e999", "1e-999", "123456789012345678901234567890", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "2147483648", "0.1e1", "4.9e-324", "1E+2",
    ]

    static func string(_ rng: inout SplitMix64) -> String {
        switch rng.below(10) {
        case 0..<6: return rng.pick(strings)
        case 6..<8:  // random printable and not-so-printable scalars
            return String(String.UnicodeScalarView((0..<rng.size(upTo: 200)).compactMap { _ in
                Unicode.Scalar(UInt32(rng.chance(80) ? 0x20 + rng.below(0x5F) : rng.below(0x2FFFF)))
            }))
        case 8: return String(repeating: rng.pick(["x", "é", "🦊", "\u{0}", " "]), count: 100 + rng.below(3_000))
        default: return String(repeating: "y", count: 20_000 + rng.below(60_000))  // around the 64 KiB body limit
        }
    }

    /// Any JSON value, nested up to `depth`.
    static func value(_ rng: inout SplitMix64, depth: Int = 3) -> FuzzJSON {
        switch rng.below(depth > 0 ? 7 : 4) {
        case 0: return .null
        case 1: return .bool(rng.chance(50))
        case 2: return .number(rng.pick(numbers))
        case 3: return .string(string(&rng))
        case 4: return .array((0..<rng.size(upTo: 8)).map { _ in value(&rng, depth: depth - 1) })
        case 5: return .object((0..<rng.size(upTo: 6)).map { _ in (string(&rng), value(&rng, depth: depth - 1)) })
        default: return nested(&rng)
        }
    }

    /// `[[[[…]]]]` or `{"a":{"a":…}}` far deeper than any real document.
    static func nested(_ rng: inout SplitMix64) -> FuzzJSON {
        let depth = rng.chance(50) ? 10 + rng.below(100) : 400 + rng.below(5_000)
        var value: FuzzJSON = rng.chance(50) ? .string("leaf") : .null
        let asObject = rng.chance(50)
        for _ in 0..<depth { value = asObject ? .object([("a", value)]) : .array([value]) }
        return value
    }

    /// A field's value: usually a plausible one from `plausible`, sometimes anything at all.
    static func field(_ plausible: [String], _ rng: inout SplitMix64) -> FuzzJSON {
        rng.chance(75) ? .string(rng.chance(70) ? rng.pick(plausible) : string(&rng)) : value(&rng, depth: 2)
    }

    static func guid(_ rng: inout SplitMix64) -> String {
        let hex = (0..<32).map { _ in String(rng.below(16), radix: 16) }
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { hex[$0].joined() }.joined(separator: "-")
    }

    static func employeeID(_ rng: inout SplitMix64) -> String { "E\(rng.below(1_000_000))" }

    static func date(_ rng: inout SplitMix64) -> String {
        let year = rng.chance(80) ? 2025 + rng.below(3) : rng.below(10_000)
        let month = rng.chance(90) ? 1 + rng.below(12) : rng.below(100)
        let day = rng.chance(90) ? 1 + rng.below(28) : rng.below(40)
        func pad(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func phone(_ rng: inout SplitMix64) -> String { "+1555\(String(rng.below(10_000_000)))" }

    static func email(_ rng: inout SplitMix64) -> String { "user\(rng.below(100_000))@\(rng.pick(["corp.example", "home.example", "x", "例え.jp"]))" }

    /// Members of `object`, with one member sometimes repeated (RFC 8259 leaves duplicates to the reader).
    static func withDuplicates(_ members: [(String, FuzzJSON)], _ rng: inout SplitMix64) -> [(String, FuzzJSON)] {
        var members = members
        if !members.isEmpty, rng.chance(15) {
            let member = rng.pick(members)
            members.insert((member.0, value(&rng, depth: 1)), at: rng.below(members.count + 1))
        }
        if rng.chance(10) { members.append((string(&rng), value(&rng, depth: 2))) }
        return members
    }
}
