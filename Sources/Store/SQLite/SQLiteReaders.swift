import SQLiteNIO
import Synchronization

/// Read connections of the SQLite store. In WAL mode readers never wait for the writer and see
/// only committed transactions, so a read runs right on the caller's thread on a connection of
/// its own — no hop to another thread — and never sees a write that is not yet committed. A
/// read of the store is an indexed lookup of a few rows from the page cache (microseconds).
final class SQLiteReaders: Sendable {
    private let path: String
    private let idle = Mutex<(handles: [SQLiteHandle], closed: Bool)>(([], false))
    /// Connections kept open between reads; more are opened when reads overlap, and closed after.
    private static let keptOpen = 8

    init(path: String) {
        self.path = path
    }

    /// Runs `body` on a read connection of its own.
    func read<T>(_ body: (SQLiteHandle) throws -> T) throws -> T {
        let (lent, closed) = idle.withLock { ($0.handles.popLast(), $0.closed) }
        guard !closed else { throw StoreError(.unavailable, "the store is closed") }
        let handle: SQLiteHandle
        if let lent {
            handle = lent
        } else {
            handle = try SQLiteHandle(path: path)
            // A reader never writes, whatever a caller's mistake would have it do.
            try handle.query("PRAGMA query_only=1")
        }
        defer {
            let keep = idle.withLock { idle -> Bool in
                guard !idle.closed, idle.handles.count < Self.keptOpen else { return false }
                idle.handles.append(handle)
                return true
            }
            if !keep { handle.close() }
        }
        return try body(handle)
    }

    /// One statement on a read connection.
    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteResultRow] {
        try read { try $0.query(sql, binds) }
    }

    func close() {
        let handles = idle.withLock { idle -> [SQLiteHandle] in
            idle.closed = true
            defer { idle.handles.removeAll() }
            return idle.handles
        }
        for handle in handles { handle.close() }
    }
}
