/// The `/_sim/sms/delivery-rules` and seed form of the carrier rules:
/// `{"default":{"outcome":"delivered"},"rules":[{"to":"+15555550100","outcome":"undelivered","errorCode":30003}]}`.
enum SMSDeliveryRulesJSON {
    static func parse(_ json: JSONValue) throws(SimulatorInputError) -> (rules: [String: SMSDeliveryRule], defaultRule: SMSDeliveryRule?) {
        guard json.objectValue != nil else { throw SimulatorInputError("delivery rules must be a JSON object") }
        var rules: [String: SMSDeliveryRule] = [:]
        for entry in json["rules"]?.arrayValue ?? [] {
            let (to, rule) = try parseOne(entry)
            rules[to] = rule
        }
        let defaultRule: SMSDeliveryRule? = if let value = json["default"], !value.isNull { try SMSDeliveryRule(json: value) } else { nil }
        return (rules, defaultRule)
    }

    /// `{"to":"+1…","outcome":"silent"}`.
    static func parseOne(_ json: JSONValue) throws(SimulatorInputError) -> (String, SMSDeliveryRule) {
        guard let to = json["to"]?.stringValue, E164PhoneNumber.isValid(to) else { throw SimulatorInputError("a delivery rule needs to (an E.164 number)") }
        return (to, try SMSDeliveryRule(json: json))
    }

    static func json(rules: [String: SMSDeliveryRule], defaultRule: SMSDeliveryRule) -> JSONValue {
        [
            "default": defaultRule.json,
            "rules": .array(rules.keys.sorted().map { to in rules[to]!.json.setting("to", .string(to)) }),
        ]
    }
}
