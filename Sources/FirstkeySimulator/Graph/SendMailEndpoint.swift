import Foundation
import HTTPTypes

/// `POST /users/{id | userPrincipalName}/sendMail` (permission `Mail.Send`): validates the
/// message like Exchange Online, captures it in the outbox, answers 202 with no body.
///
/// Exchange's error codes (`ErrorInvalidUser`, `MailboxNotEnabledForRESTAPI`,
/// `ErrorInvalidRecipients`, `RequestBodyRead`, `InvalidInternetMessageHeader`, `ErrorAccessDenied`
/// for a missing permission) are as observed; only `ErrorMimeContentInvalidBase64String` and the
/// application-access-policy `ErrorAccessDenied` are in the reference.
enum SendMailEndpoint {
    static func send(_ request: SimulatorRequest, key: String, caller: GraphCaller, context: GraphRequestContext, core: SimulatorCore) throws(GraphError) -> SimulatorResponse {
        guard caller.holds(anyOf: ["Mail.Send"]) else {
            throw GraphError(.forbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
        }
        let lookup = core.withState { state in
            (state.user(idOrPrincipalName: key), state.applications[caller.appID.lowercased()]?.mailboxScope)
        }
        guard let user = lookup.0 else {
            throw GraphError(.notFound, "ErrorInvalidUser", "The requested user '\(key)' is invalid.")
        }
        if let scope = lookup.1, !scope.contains(user.id) {
            throw GraphError(.forbidden, "ErrorAccessDenied", "Access to OData is disabled.")
        }
        guard let mailbox = user.mail else {
            throw GraphError(.notFound, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
        }

        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        var mail: SentMail
        if contentType.hasPrefix("text/plain") {
            mail = try MIMEMessage.parse(request.body, mailbox: mailbox)
        } else if contentType.hasPrefix("application/json") {
            mail = try parseJSON(request.body, mailbox: mailbox)
        } else {
            throw GraphError(.unsupportedMediaType, "RequestBodyRead", "A supported MIME type could not be found that matches the content type of the response. None of the supported type(s) 'application/json, text/plain' matches the content type '\(contentType)'.")
        }
        guard !(mail.toRecipients + mail.ccRecipients + mail.bccRecipients).isEmpty else {
            throw GraphError(.badRequest, "ErrorInvalidRecipients", "At least one recipient is not valid., A message can't be sent because it contains no recipients.")
        }
        mail.userID = user.id
        mail.senderAppID = caller.appID
        mail.sentAt = core.now
        let captured = mail
        core.withState { $0.outbox.append(captured) }
        return context.empty(.accepted)
    }

    static func parseJSON(_ body: [UInt8], mailbox: String) throws(GraphError) -> SentMail {
        guard let json = JSONValue(parsing: body), json.objectValue != nil else {
            throw GraphError(.badRequest, "RequestBodyRead", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        }
        guard let message = json["message"], message.objectValue != nil else {
            throw GraphError(.badRequest, "ErrorInvalidArgument", "The message parameter is required.")  // code (unverified)
        }
        var saveToSentItems = true
        if let value = json["saveToSentItems"], !value.isNull {
            guard let flag = value.boolValue else {
                throw GraphError(.badRequest, "RequestBodyRead", "Cannot convert the literal '\(value.serialized)' to the expected type 'Edm.Boolean'.")
            }
            saveToSentItems = flag
        }
        func recipients(_ name: String) throws(GraphError) -> [String] {
            guard let value = message[name], !value.isNull else { return [] }
            guard let list = value.arrayValue else {
                throw GraphError(.badRequest, "RequestBodyRead", "The property '\(name)' must be a collection of recipients.")
            }
            var addresses: [String] = []
            for entry in list {
                guard let address = entry["emailAddress"]?["address"]?.stringValue else {
                    throw GraphError(.badRequest, "ErrorInvalidRecipients", "At least one recipient is not valid., Recipient '' is not resolved. All recipients must be resolved before a message can be submitted.")
                }
                guard isPlausibleAddress(address) else {
                    throw GraphError(.badRequest, "ErrorInvalidRecipients", "At least one recipient is not valid., Recipient '\(address)' is not resolved. All recipients must be resolved before a message can be submitted.")
                }
                addresses.append(address)
            }
            return addresses
        }
        var contentType = "Text"
        var content = ""
        if let body = message["body"], !body.isNull {
            if let type = body["contentType"]?.stringValue {
                switch type.lowercased() {
                case "text": contentType = "Text"
                case "html": contentType = "HTML"
                default: throw GraphError(.badRequest, "RequestBodyRead", "Requested value '\(type)' was not found.")
                }
            }
            content = body["content"]?.stringValue ?? ""
        }
        var headers: [SentMail.MailHeader] = []
        if let list = message["internetMessageHeaders"]?.arrayValue {
            for entry in list {
                guard let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue else {
                    throw GraphError(.badRequest, "RequestBodyRead", "An internet message header needs a name and a value.")
                }
                guard name.lowercased().hasPrefix("x-") else {
                    throw GraphError(.badRequest, "InvalidInternetMessageHeader", "The internet message header name '\(name)' should start with 'x-' or 'X-'.")
                }
                headers.append(.init(name: name, value: value))
            }
        }
        let from = message["from"]?["emailAddress"]?["address"]?.stringValue ?? mailbox
        return SentMail(userID: "", from: from, toRecipients: try recipients("toRecipients"), ccRecipients: try recipients("ccRecipients"),
                        bccRecipients: try recipients("bccRecipients"), subject: message["subject"]?.stringValue ?? "", contentType: contentType,
                        body: content, headers: headers, saveToSentItems: saveToSentItems, senderAppID: "", sentAt: Date())
    }

    /// `local@domain.tld`-ish: what Exchange can resolve as an SMTP address.
    static func isPlausibleAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }
}
