/// CSV import of hires (RFC 4180: quoted fields, doubled quotes, CRLF or LF). Every row is
/// validated before anything is imported; a reject names its line, field and reason.
public enum CSVIntake {
    public struct Reject: Hashable, Sendable, Codable {
        public var line: Int
        public var field: String
        public var reason: String
    }

    public struct Row: Hashable, Sendable {
        public var line: Int
        public var record: IntakeRecord
    }

    public struct Parsed: Hashable, Sendable {
        public var rows: [Row]
        public var rejects: [Reject]
    }

    /// Column names, case- and punctuation-insensitive (employeeId, employee_id, "Employee ID").
    static let columns: [String: String] = [
        "employeeid": "employeeId", "userprincipalname": "userPrincipalName", "upn": "userPrincipalName",
        "entraobjectid": "entraObjectId", "samaccountname": "samAccountName", "displayname": "displayName",
        "hiredate": "hireDate", "deliverymode": "deliveryMode", "mode": "deliveryMode", "mobile": "mobile",
        "mobilephone": "mobile", "privateemail": "privateEmail", "manageremail": "managerEmail",
    ]

    public static func parse(_ text: String, defaultMode: DeliveryMode = .selfService) -> Parsed {
        let records: [(line: Int, fields: [String])]
        do {
            records = try splitRecords(text)
        } catch let error as CSVSyntaxError {
            return Parsed(rows: [], rejects: [Reject(line: error.line, field: "-", reason: error.reason)])
        } catch {
            return Parsed(rows: [], rejects: [Reject(line: 1, field: "-", reason: "the file could not be read as CSV")])
        }
        guard let header = records.first else {
            return Parsed(rows: [], rejects: [Reject(line: 1, field: "-", reason: "the file is empty; the first line must name the columns")])
        }
        var names: [String?] = []
        var rejects: [Reject] = []
        for (index, raw) in header.fields.enumerated() {
            let key = String(raw.lowercased().filter { $0.isLetter || $0.isNumber })
            // A reject must name its field: a header cell with no name is named by its position.
            let field = raw.trimmed.isEmpty ? "column \(index + 1) (no name)" : raw
            if let name = columns[key] {
                if names.contains(name) { rejects.append(Reject(line: header.line, field: field, reason: "the column appears twice")) }
                names.append(name)
            } else {
                names.append(nil)
                rejects.append(Reject(line: header.line, field: field, reason: "unknown column; known: \(Set(columns.values).sorted().joined(separator: ", "))"))
            }
        }
        if !names.contains("hireDate") { rejects.append(Reject(line: header.line, field: "hireDate", reason: "the required column is missing")) }
        guard rejects.isEmpty else { return Parsed(rows: [], rejects: rejects) }

        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard record.fields.count == names.count else {
                rejects.append(Reject(line: record.line, field: "-", reason: "has \(record.fields.count) fields; the header has \(names.count)"))
                continue
            }
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() {
                let value = record.fields[index].trimmed
                if let name, !value.isEmpty { values[name] = value }
            }
            let identity = HireIdentity(entraObjectID: values["entraObjectId"], userPrincipalName: values["userPrincipalName"], employeeID: values["employeeId"],
                                        samAccountName: values["samAccountName"], displayName: values["displayName"])
            let recipients = Recipients(mobilePhone: values["mobile"], privateEmail: values["privateEmail"], managerEmail: values["managerEmail"])
            switch IntakeValidation.record(identity: identity, hireDate: values["hireDate"], deliveryMode: values["deliveryMode"], recipients: recipients, defaultMode: defaultMode) {
            case .success(let intake):
                if let key = identity.intakeKey, let first = seen[key] {
                    rejects.append(Reject(line: record.line, field: "identity", reason: "the same hire is already on line \(first)"))
                    continue
                }
                if let key = identity.intakeKey { seen[key] = record.line }
                rows.append(Row(line: record.line, record: intake))
            case .failure(let failure):
                rejects += failure.problems.map { Reject(line: record.line, field: $0.field, reason: $0.reason) }
            }
        }
        return Parsed(rows: rows, rejects: rejects)
    }

    struct CSVSyntaxError: Error {
        let line: Int
        let reason: String
    }

    /// Splits into records of fields, tracking the line each record starts on.
    static func splitRecords(_ text: String) throws -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            records.append((recordLine, fields))
            fields = []
            field = ""
            fieldWasQuoted = false
        }
        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.unicodeScalars.append(character)
                }
            } else {
                switch character {
                case "\"":
                    guard field.isEmpty, !fieldWasQuoted else { throw CSVSyntaxError(line: line, reason: "a quote inside an unquoted field; quote the whole field") }
                    inQuotes = true
                    fieldWasQuoted = true
                case ",":
                    fields.append(field)
                    field = ""
                    fieldWasQuoted = false
                case "\r":
                    break
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    if fieldWasQuoted { throw CSVSyntaxError(line: line, reason: "text after a closing quote") }
                    field.unicodeScalars.append(character)
                }
            }
            index += 1
        }
        if inQuotes { throw CSVSyntaxError(line: recordLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
