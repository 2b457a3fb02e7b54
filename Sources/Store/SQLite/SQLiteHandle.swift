import NIOCore
import NIOCore
import SQLiteNIO
// SQLiteNIO's bundled SQLite (its C target, reachable through the SQLiteNIO product): the store
// calls it synchronously, so a whole transaction runs in one go on one thread.
import VaporCSQLite

/// One `sqlite3` connection, used synchronously. It is never used by two threads at once: the
/// writer's connection lives on the writer's thread, a reader's is lent to one caller at a time
/// by ``SQLiteReaders`` under its lock (hence `@unchecked Sendable`; the connection is opened
/// without SQLite's own mutex). Prepared statements are kept and reused, keyed by their SQL.
final class SQLiteHandle: @unchecked Sendable {
    private var raw: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Statements with more distinct SQL than this are finalized and prepared again when needed
    /// (the list filters build their SQL from the filter).
    private static let statementCacheLimit = 64

    init(path: String) throws(StoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let result = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(result)"
            sqlite_nio_sqlite3_close(handle)
            throw StoreError(.unavailable, "the database '\(path)' could not be opened: \(message)")
        }
        raw = handle
        sqlite_nio_sqlite3_extended_result_codes(handle, 1)
        // Another process writing the same file holds its lock for one transaction at most.
        sqlite_nio_sqlite3_busy_timeout(handle, 5000)
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements.removeAll()
        if let raw { sqlite_nio_sqlite3_close_v2(raw) }
        raw = nil
    }

    /// Whether a transaction is open (SQLite rolls one back by itself after some errors, such as
    /// a full disk or an I/O error).
    var inTransaction: Bool {
        guard let raw else { return false }
        return sqlite_nio_sqlite3_get_autocommit(raw) == 0
    }

    /// Runs one statement with `binds` and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLiteData] = []) throws(StoreError) -> [SQLiteResultRow] {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            try check(bind(value, at: Int32(offset + 1), in: statement), sql)
        }
        var rows: [SQLiteResultRow] = []
        var names: [String]?
        while true {
            let step = sqlite_nio_sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else { throw failure(step, sql) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            if names == nil {
                names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            }
            rows.append(SQLiteResultRow(names: names ?? [], values: (0..<count).map { value(at: $0, in: statement) }))
        }
    }

    // MARK: Statements

    private func prepared(_ sql: String) throws(StoreError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let raw else { throw StoreError(.unavailable, "the database is closed") }
        if statements.count >= Self.statementCacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements.removeAll()
        }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result, sql) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .text(let text): sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
        case .blob(let buffer):
            buffer.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient) }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private func value(at column: Int32, in statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBuffer()
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }

    private func check(_ result: Int32, _ sql: String) throws(StoreError) {
        guard result == SQLITE_OK else { throw failure(result, sql) }
    }

    /// The error for a failed call: a constraint is a conflict, anything else means the database
    /// cannot do its job. Statements carry no secrets (values are bound), so the SQL may be named.
    private func failure(_ result: Int32, _ sql: String) -> StoreError {
        let message = raw.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(result)"
        let statement = sql.split(separator: "\n").first.map { String($0.prefix(80)) } ?? ""
        let code: StoreError.Code = result & 0xff == SQLITE_CONSTRAINT ? .conflict : .unavailable
        return StoreError(code, "SQLite: \(message) (code \(result)) in '\(statement)'")
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// One row of a result: values by column name.
struct SQLiteResultRow: Sendable {
    let names: [String]
    let values: [SQLiteData]

    func column(_ name: String) -> SQLiteData? {
        names.firstIndex(of: name).map { values[$0] }
    }

    func integer(_ name: String) -> Int? { column(name)?.integer }

    func string(_ name: String) -> String? { column(name)?.string }
}
