public import Foundation

/// How `/_sim` shows what the simulator captured.
extension SentMail {
    public var json: JSONValue {
        [
            "userId": .string(userID),
            "from": .string(from),
            "toRecipients": .strings(toRecipients),
            "ccRecipients": .strings(ccRecipients),
            "bccRecipients": .strings(bccRecipients),
            "subject": .string(subject),
            "contentType": .string(contentType),
            "body": .string(body),
            "internetMessageHeaders": .array(headers.map { ["name": .string($0.name), "value": .string($0.value)] }),
            "saveToSentItems": .bool(saveToSentItems),
            "senderAppId": .string(senderAppID),
            "sentAt": .string(GraphDate.format(sentAt, fractional: true)),
        ]
    }
}

extension LifecycleWorkflowResumeCall {
    public var json: JSONValue {
        [
            "workflowId": .string(workflowID),
            "taskId": .string(taskID),
            "taskProcessingResultId": .string(taskProcessingResultID),
            "operationStatus": .string(operationStatus),
            "source": .optional(source),
            "type": .optional(type),
            "body": body,
            "callerAppId": .string(callerAppID),
            "actionSegment": .string(actionSegment),
            "receivedAt": .string(GraphDate.format(receivedAt, fractional: true)),
        ]
    }
}

extension SimulatedTemporaryAccessPass {
    /// Includes the pass itself: `/_sim` is a test surface.
    public var json: JSONValue {
        [
            "id": .string(id),
            "temporaryAccessPass": .string(temporaryAccessPass),
            "createdDateTime": .string(GraphDate.format(createdDateTime, fractional: true)),
            "startDateTime": startDateTime.map { .string(GraphDate.format($0)) } ?? .null,
            "lifetimeInMinutes": .integer(lifetimeInMinutes),
            "isUsableOnce": .bool(isUsableOnce),
            "used": .bool(used),
        ]
    }
}

extension SimulatedTaskProcessingResult {
    /// The callout body Entra would POST to the Logic App for this result (shape per Microsoft's
    /// trigger schema; `source`/`type` values (unverified)).
    public func calloutBody(subject: SimulatedUser, manager: SimulatedUser?, tenantID: String, createdAt: Date) -> JSONValue {
        var subjectJSON: [(String, JSONValue)] = [
            ("id", .string(subject.id)),
            ("displayName", .optional(subject.displayName)),
            ("email", .optional(subject.mail)),
            ("userPrincipalName", .string(subject.userPrincipalName)),
        ]
        if let manager {
            subjectJSON.append(("manager", ["id": .string(manager.id), "displayName": .optional(manager.displayName), "email": .optional(manager.mail)]))
        }
        return [
            "source": .string("sample"),
            "type": "lifecycleEvent",
            "data": [
                // learn.microsoft.com/graph/api/resources/identitygovernance-customtaskextensioncalloutdata
                "@odata.type": "#microsoft.graph.identityGovernance.customTaskExtensionCalloutData",
                "callbackUriPath": .string(callbackURIPath),
                "subject": .object(subjectJSON),
                "task": ["id": .string(taskID), "displayName": "Firstkey: first credential"],
                "taskProcessingResult": ["id": .string(taskProcessingResultID), "createdDateTime": .string(GraphDate.format(createdAt))],
                "workflow": ["id": .string(workflowID), "displayName": "Onboard new hires", "workflowVersion": 1],
            ],
        ]
    }
}

extension SimulatedAccessToken {
    /// `/_sim/tokens` body: `{"version":"1.0"|"2.0","issuer","audience","appId","objectId","subject","roles":[],"scopes":[],
    /// "tenantId","issuedAt","expiresAt","identityType","claims":{…},"signature":"published"|"unpublished"|"stripped"}`.
    public init(json: JSONValue) throws(SimulatorInputError) {
        guard let audience = json["audience"]?.stringValue, let appID = json["appId"]?.stringValue else {
            throw SimulatorInputError("a token needs audience and appId")
        }
        let version: Version = json["version"]?.stringValue == "2.0" ? .v2 : .v1
        let signature: Signature
        switch json["signature"]?.stringValue ?? "published" {
        case "published": signature = .publishedKey
        case "unpublished": signature = .unpublishedKey
        case "stripped": signature = .stripped
        default: throw SimulatorInputError("signature must be published, unpublished or stripped")
        }
        self.init(version: version, issuer: json["issuer"]?.stringValue, audience: audience, appID: appID,
                  objectID: json["objectId"]?.stringValue ?? UUID().uuidString.lowercased(), subject: json["subject"]?.stringValue,
                  roles: json["roles"]?.arrayValue?.compactMap(\.stringValue) ?? [], scopes: json["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  tenantID: json["tenantId"]?.stringValue, issuedAt: json["issuedAt"]?.stringValue.flatMap(GraphDate.parse),
                  expiresAt: json["expiresAt"]?.stringValue.flatMap(GraphDate.parse),
                  identityType: json["identityType"].map { $0.stringValue } ?? "app",
                  additionalClaims: json["claims"]?.objectValue ?? [], signature: signature)
    }
}
