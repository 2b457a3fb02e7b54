#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the running case's input where a signal handler can write it out, so a crash (a
/// Swift trap is SIGILL or SIGTRAP) leaves the input that caused it behind. The handler only
/// uses async-signal-safe calls on memory prepared before the case started. A stack overflow
/// on a thread other than the main one may kill the process before the handler runs; the
/// seed and case index printed at the start of each target reproduce it then.
enum CrashCapture {
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    nonisolated(unsafe) static var capacity = 1 << 16
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var path = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)

    static func install() {
        path[0] = 0
        for number in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            _ = signal(number, crashSignalHandler)
        }
    }

    static func record(_ input: [UInt8], path text: String) {
        if input.count > capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: input.count)
            let old = buffer
            length = 0
            buffer = bigger
            capacity = input.count
            old.deallocate()
        }
        input.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: source.count) }
        }
        length = input.count
        let bytes = Array(text.utf8.prefix(4095))
        for (index, byte) in bytes.enumerated() { path[index] = CChar(bitPattern: byte) }
        path[bytes.count] = 0
    }
}

private func crashSignalHandler(_ number: Int32) {
    if CrashCapture.path[0] != 0 {
        let file = open(CrashCapture.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if file >= 0 {
            _ = write(file, CrashCapture.buffer, CrashCapture.length)
            close(file)
        }
        let note: StaticString = "\nfirstkey-fuzz: crash (signal); the input is in "
        _ = write(2, note.utf8Start, note.utf8CodeUnitCount)
        _ = write(2, CrashCapture.path, strlen(CrashCapture.path))
        _ = write(2, "\n", 1)
    }
    _ = signal(number, SIG_DFL)
    raise(number)
}
