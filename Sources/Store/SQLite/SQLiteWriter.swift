import Dispatch
import Foundation
import Synchronization

/// The SQLite store's one writer, with group commit: a thread of its own owns the database's
/// write connection and runs every write of the store. Writes that arrive while it is busy are
/// taken together and run in one transaction, each in a savepoint of its own, so
///
/// - each caller gets exactly its own answer (its body's value, or its body's error, in which
///   case only its savepoint is rolled back and the rest of the batch is unaffected);
/// - nobody is answered before the batch's COMMIT returned: a write is never reported done
///   before it is as durable as `PRAGMA synchronous` makes it;
/// - if the transaction cannot be committed (or SQLite rolled it back by itself, on a full disk
///   or an I/O error), every caller of the batch gets an error and none of its writes is kept.
///
/// A body runs synchronously on the writer's thread, so a whole transaction is one hop from the
/// caller's task and back, however many statements it has; one writer also means this process
/// never waits for its own write lock.
final class SQLiteWriter: Sendable {
    /// A write waiting for the writer.
    struct Job: Sendable {
        /// Runs the body in the batch's transaction. On success it gives back how to answer the
        /// caller once the batch committed.
        let run: @Sendable (SQLiteHandle) -> Result<@Sendable () -> Void, any Error>
        /// Answers the caller with an error.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var jobs: [Job] = []
        /// The thread waits on `wake`: the next job must signal it.
        var sleeping = false
        var closed = false
        var onExit: CheckedContinuation<Void, Never>?
        /// Batches committed so far (tests look at it).
        var committedBatches = 0
    }

    /// The most writes one transaction takes; more wait for the next.
    static let maximumBatch = 256

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let handle: SQLiteHandle

    /// Starts the writer's thread on `handle`, which nobody else may use from now on.
    init(handle: SQLiteHandle, name: String = "firstkey-sqlite-writer") {
        self.handle = handle
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` in a transaction (shared with the other writes of its batch) and returns its
    /// value once that transaction committed. A body must not block.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteHandle) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(Job(run: { handle in
                do {
                    let value = try body(handle)
                    return .success({ continuation.resume(returning: value) })
                } catch {
                    return .failure(error)
                }
            }, fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// Finishes the writes already queued, then closes the connection and ends the thread.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // nil: closed before, and the thread has ended or is ending.
            let signal = state.withLock { state -> Bool? in
                guard !state.closed else { return nil }
                state.closed = true
                state.onExit = continuation
                let sleeping = state.sleeping
                state.sleeping = false
                return sleeping
            }
            switch signal {
            case nil: continuation.resume()
            case true?: wake.signal()
            case false?: break
            }
        }
    }

    var committedBatches: Int { state.withLock { $0.committedBatches } }

    /// Writes waiting for the writer (tests look at it).
    var queuedJobs: Int { state.withLock { $0.jobs.count } }

    private func enqueue(_ job: Job) {
        let (accepted, signal) = state.withLock { state -> (Bool, Bool) in
            guard !state.closed else { return (false, false) }
            state.jobs.append(job)
            let sleeping = state.sleeping
            state.sleeping = false
            return (true, sleeping)
        }
        guard accepted else { return job.fail(StoreError(.unavailable, "the store is closed")) }
        if signal { wake.signal() }
    }

    // MARK: The writer's thread

    private enum Next {
        case run([Job])
        case sleep
        case exit(CheckedContinuation<Void, Never>?)
    }

    private func loop() {
        while true {
            let next = state.withLock { state -> Next in
                if !state.jobs.isEmpty {
                    let count = min(state.jobs.count, Self.maximumBatch)
                    let batch = Array(state.jobs.prefix(count))
                    state.jobs.removeFirst(count)
                    return .run(batch)
                }
                if state.closed {
                    let onExit = state.onExit
                    state.onExit = nil
                    return .exit(onExit)
                }
                state.sleeping = true
                return .sleep
            }
            switch next {
            case .run(let jobs):
                if run(jobs) { state.withLock { $0.committedBatches += 1 } }
            case .sleep:
                wake.wait()
            case .exit(let onExit):
                handle.close()
                onExit?.resume()
                return
            }
        }
    }

    /// Runs one batch in one transaction and answers every caller; whether it committed.
    private func run(_ jobs: [Job]) -> Bool {
        do {
            try handle.query("BEGIN IMMEDIATE")
        } catch {
            for job in jobs { job.fail(error) }
            return false
        }
        var succeeded: [(answer: @Sendable () -> Void, fail: @Sendable (any Error) -> Void)] = []
        var refused: [@Sendable () -> Void] = []
        succeeded.reserveCapacity(jobs.count)
        for (index, job) in jobs.enumerated() {
            let outcome: Result<@Sendable () -> Void, any Error>
            do {
                try handle.query("SAVEPOINT job")
                outcome = job.run(handle)
            } catch {
                outcome = .failure(error)
            }
            let rest = jobs[(index + 1)...].map(\.fail)
            switch outcome {
            case .success(let answer):
                do {
                    try handle.query("RELEASE job")
                    succeeded.append((answer, job.fail))
                } catch {
                    abandon(succeeded.map(\.fail) + [job.fail] + rest, refused: refused, error)
                    return false
                }
            case .failure(let error):
                // Only this write is undone; if SQLite ended the transaction, the batch is lost.
                if handle.inTransaction, (try? handle.query("ROLLBACK TO job")) != nil, (try? handle.query("RELEASE job")) != nil {
                    refused.append({ job.fail(error) })
                } else {
                    abandon(succeeded.map(\.fail) + rest, refused: refused + [{ job.fail(error) }], error)
                    return false
                }
            }
        }
        do {
            try handle.query("COMMIT")
        } catch {
            abandon(succeeded.map(\.fail), refused: refused, error)
            return false
        }
        for answer in refused { answer() }
        for success in succeeded { success.answer() }
        return true
    }

    /// The transaction is lost: roll back what is left of it; callers whose own write failed hear
    /// their own error, every other caller of the batch hears why the batch failed.
    private func abandon(_ failing: [@Sendable (any Error) -> Void], refused: [@Sendable () -> Void], _ error: any Error) {
        if handle.inTransaction { _ = try? handle.query("ROLLBACK") }
        let batchError = StoreError(.unavailable, "a write was not saved: its transaction failed (\(error))")
        for answer in refused { answer() }
        for fail in failing { fail(batchError) }
    }
}
