import TestSupport
import Testing
@testable import LDAP

@Suite struct FilterTests {
    @Test(arguments: [
        ("(cn=Babs Jensen)", LDAPFilter.equal("cn", "Babs Jensen")),
        ("(!(cn=Tim Howes))", .not(.equal("cn", "Tim Howes"))),
        ("(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))", .and([.equal("objectClass", "Person"), .or([.equal("sn", "Jensen"), .substrings(attribute: "cn", initial: Array("Babs J".utf8), any: [], final: nil)])])),
        ("(o=univ*of*mich*)", .substrings(attribute: "o", initial: Array("univ".utf8), any: [Array("of".utf8), Array("mich".utf8)], final: nil)),
        ("(seeAlso=)", .equal("seeAlso", "")),
        ("(cn:caseExactMatch:=Fred Flintstone)", .extensibleMatch(matchingRule: "caseExactMatch", attribute: "cn", value: Array("Fred Flintstone".utf8), dnAttributes: false)),
        ("(cn:=Betty Rubble)", .extensibleMatch(matchingRule: nil, attribute: "cn", value: Array("Betty Rubble".utf8), dnAttributes: false)),
        ("(sn:dn:2.4.6.8.10:=Barney Rubble)", .extensibleMatch(matchingRule: "2.4.6.8.10", attribute: "sn", value: Array("Barney Rubble".utf8), dnAttributes: true)),
        ("(:1.2.3:=Wilma Flintstone)", .extensibleMatch(matchingRule: "1.2.3", attribute: nil, value: Array("Wilma Flintstone".utf8), dnAttributes: false)),
        ("(o=Parens R Us \\28for all your parenthetical needs\\29)", .equal("o", "Parens R Us (for all your parenthetical needs)")),
        ("(cn=*\\2A*)", .substrings(attribute: "cn", initial: nil, any: [Array("*".utf8)], final: nil)),
        ("(filename=C:\\5cMyFile)", .equal("filename", "C:\\MyFile")),
        ("(bin=\\00\\00\\00\\04)", .equality(attribute: "bin", value: [0, 0, 0, 4])),
        ("(sn=Lu\\c4\\8di\\c4\\87)", .equal("sn", "Lučić")),
        ("(cn=*)", .present(attribute: "cn")),
        ("(userAccountControl:1.2.840.113556.1.4.803:=2)", .extensibleMatch(matchingRule: "1.2.840.113556.1.4.803", attribute: "userAccountControl", value: Array("2".utf8), dnAttributes: false)),
        ("(pwdLastSet>=1)", .greaterOrEqual(attribute: "pwdLastSet", value: Array("1".utf8))),
        ("(pwdLastSet<=1)", .lessOrEqual(attribute: "pwdLastSet", value: Array("1".utf8))),
        ("(cn~=alise)", .approximate(attribute: "cn", value: Array("alise".utf8))),
        ("(&)", .and([])),
        ("uid=alice", .equal("uid", "alice")),
    ])
    func rfc4515ExamplesParse(_ text: String, _ expected: LDAPFilter) throws {
        #expect(try LDAPFilter(parsing: text) == expected)
    }

    @Test(arguments: ["", "(", "()", "(cn=a", "(cn=a))", "(cn=a(b)", "(=a)", "(cn=\\4)", "(cn=\\zz)", "(c n=a)", "(cn>=a*)", "(&(cn=a)x)", "(cn=a**b)", "(:=a)"])
    func malformedStringsAreRejectedWithAPosition(_ text: String) {
        #expect(throws: LDAPFilterSyntaxError.self) { try LDAPFilter(parsing: text) }
    }

    @Test func escapingRoundTripsHostileValues() throws {
        let hostile = "*)(uid=*))(|(uid=*\\\0"
        let filter = try LDAPFilter(parsing: "(uid=\(LDAPFilter.escape(hostile)))")
        #expect(filter == .equal("uid", hostile))
        #expect(LDAPFilter.escape("a*b(c)d\\e") == "a\\2ab\\28c\\29d\\5ce")
    }

    @Test func descriptionIsAParsableCanonicalForm() throws {
        let texts = ["(&(objectClass=user)(|(sAMAccountName=al*ce)(!(cn=x\\2a))))", "(o=univ*of*mich*)", "(sn:dn:2.4.6.8.10:=B)", "(objectSid=\\01\\05\\ff)"]
        for text in texts {
            let filter = try LDAPFilter(parsing: text)
            #expect(try LDAPFilter(parsing: filter.description) == filter)
        }
    }

    @Test func randomStringsNeverCrashTheParser() throws {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("()&|!=*<>~:\\abc01 ".utf8)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 24)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            if let filter = try? LDAPFilter(parsing: String(decoding: bytes, as: UTF8.self)) {
                #expect(try LDAPFilter(parsing: filter.description) == filter)
            }
        }
    }
}
