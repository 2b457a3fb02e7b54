import LDAP

/// Random LDAP values (filters, messages) that are valid by construction, for the round-trip
/// properties: their encoding must decode to the same value, and a filter's string form must
/// parse back to it.
enum LDAPFilterGenerator {
    static let attributes = ["cn", "objectClass", "sAMAccountName", "employeeID", "objectSid", "userAccountControl", "mail", "x-Custom-1", "1.2.840.113556.1.4.221",
                             "cn;binary"]

    static func bytes(_ rng: inout SplitMix64) -> [UInt8] {
        switch rng.below(4) {
        case 0: return Array(rng.pick(["alice", "a*b", "(x)", "\\", "", "Zoë", "🦊", "\u{0}"]).utf8)
        case 1: return (0..<rng.size(upTo: 32)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        default: return Array("v\(rng.below(1000))".utf8)
        }
    }

    static func filter(_ rng: inout SplitMix64, depth: Int) -> LDAPFilter {
        let attribute = rng.pick(attributes)
        switch rng.below(depth > 0 ? 11 : 8) {
        case 0: return .equality(attribute: attribute, value: bytes(&rng))
        case 1:
            let initial = rng.chance(50) ? nonEmpty(&rng) : nil
            let final = rng.chance(50) ? nonEmpty(&rng) : nil
            return .substrings(attribute: attribute, initial: initial, any: (0..<rng.below(3)).map { _ in nonEmpty(&rng) }, final: final)
        case 2: return .greaterOrEqual(attribute: attribute, value: bytes(&rng))
        case 3: return .lessOrEqual(attribute: attribute, value: bytes(&rng))
        case 4: return .present(attribute: attribute)
        case 5: return .approximate(attribute: attribute, value: bytes(&rng))
        case 6, 7:
            let rule: String? = rng.chance(60) ? rng.pick(["1.2.840.113556.1.4.803", "1.2.840.113556.1.4.1941", "caseExactMatch"]) : nil
            let target: String? = rule == nil || rng.chance(60) ? attribute : nil
            return .extensibleMatch(matchingRule: rule, attribute: target, value: bytes(&rng), dnAttributes: rng.chance(30))
        case 8: return .and((0..<rng.below(4)).map { _ in filter(&rng, depth: depth - 1) })
        case 9: return .or((0..<rng.below(4)).map { _ in filter(&rng, depth: depth - 1) })
        default: return .not(filter(&rng, depth: depth - 1))
        }
    }

    private static func nonEmpty(_ rng: inout SplitMix64) -> [UInt8] {
        let value = bytes(&rng)
        return value.isEmpty ? [0x61] : value
    }

    static func string(_ rng: inout SplitMix64) -> String {
        rng.pick(["", "CN=Alice,OU=Hires,DC=ad,DC=example", "Zoë", "\u{0}", String(repeating: "x", count: rng.below(300)), "80090308: LdapErr: DSID-0C09030B, data 52e"])
    }

    static func result(_ rng: inout SplitMix64) -> LDAPResult {
        LDAPResult(resultCode: LDAPResultCode(rawValue: rng.chance(80) ? rng.pick([0, 10, 19, 32, 49, 50, 53]) : rng.below(5_000)),
                   matchedDN: string(&rng), diagnosticMessage: string(&rng), referral: rng.chance(20) ? ["ldap://dc2.example.test/CN=x"] : nil)
    }

    static func attributeList(_ rng: inout SplitMix64) -> [LDAPAttribute] {
        (0..<rng.size(upTo: 6)).map { _ in LDAPAttribute(name: rng.pick(attributes), values: (0..<rng.size(upTo: 4)).map { _ in bytes(&rng) }) }
    }

    static func message(_ rng: inout SplitMix64) -> LDAPMessage {
        let operation: LDAPOperation
        switch rng.below(12) {
        case 0: operation = .bindRequest(.simple(name: string(&rng), password: string(&rng)))
        case 1: operation = .bindResponse(BindResponse(result: result(&rng), serverSASLCredentials: rng.chance(30) ? bytes(&rng) : nil))
        case 2, 3:
            operation = .searchRequest(SearchRequest(baseDN: string(&rng), scope: rng.pick([.baseObject, .singleLevel, .wholeSubtree]),
                                                     sizeLimit: Int32(rng.below(1000)), timeLimit: Int32(rng.below(100)), typesOnly: rng.chance(20),
                                                     filter: filter(&rng, depth: 5), attributes: (0..<rng.size(upTo: 5)).map { _ in rng.pick(attributes) }))
        case 4: operation = .searchResultEntry(SearchResultEntry(dn: string(&rng), attributes: attributeList(&rng)))
        case 5: operation = .searchResultDone(result(&rng))
        case 6:
            operation = .modifyRequest(ModifyRequest(dn: string(&rng), changes: (0..<rng.size(upTo: 5)).map { _ in
                rng.pick([ModifyRequest.Change.replace(rng.pick(attributes), bytes: [bytes(&rng)]), .add("mail", [string(&rng)]), .delete("description")])
            }))
        case 7: operation = .modifyResponse(result(&rng))
        case 8: operation = .addRequest(AddRequest(dn: string(&rng), attributes: attributeList(&rng)))
        case 9: operation = .extendedRequest(.passwordModify(userIdentity: rng.chance(50) ? string(&rng) : nil, oldPassword: nil, newPassword: string(&rng)))
        case 10: operation = .extendedResponse(ExtendedResponse(result: result(&rng), name: rng.chance(50) ? "1.3.6.1.4.1.4203.1.11.1" : nil, value: rng.chance(50) ? bytes(&rng) : nil))
        default: operation = .searchResultReference((0..<(1 + rng.below(3))).map { _ in "ldap://dc\(rng.below(9)).example.test/DC=ad" })
        }
        let controls = rng.chance(30) ? [PagedResultsControl(size: Int32(rng.below(1000)), cookie: bytes(&rng)).control()] : []
        return LDAPMessage(messageID: Int32(rng.below(Int(Int32.max))), operation: operation, controls: controls)
    }
}
