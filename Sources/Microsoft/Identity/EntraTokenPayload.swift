import JWTKit

/// The claims of an Entra access or ID token as they arrive, all optional; checks live in the
/// policies so that every missing claim gets a named refusal.
struct EntraTokenPayload: JWTPayload, Equatable {
    var iss: String?
    var aud: Audience?
    var exp: Double?
    var nbf: Double?
    var iat: Double?
    var tid: String?
    var oid: String?
    var sub: String?
    var ver: String?
    var appid: String?
    var azp: String?
    var roles: [String]?
    var scp: String?
    var idtyp: String?
    var nonce: String?
    var preferred_username: String?
    var name: String?
    var email: String?
    var sid: String?
    var auth_time: Double?
    var amr: [String]?
    var acrs: [String]?
    var onprem_sid: String?
    var groups: [String]?

    /// `aud` is a string in Entra tokens; RFC 7519 also allows an array.
    struct Audience: Codable, Equatable {
        var values: [String]

        init(_ values: [String]) { self.values = values }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
        }
    }

    /// Claims are checked by the policies after the signature.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
