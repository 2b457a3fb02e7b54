import ArgumentParser
import Credentials
import FirstkeyConfiguration
import Foundation
import Store

/// `firstkey config keys rotate`: a new sealing key at the head of the key ring in
/// `sealingKeyFile`. New secrets, pickup codes and cookies are sealed with it; everything sealed
/// before still opens with the previous keys, so open pickups and sign-ins keep working.
struct SealingKeyRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Put a new sealing key at the head of the key ring; the previous keys still open what they sealed.",
        discussion: """
        Restart every instance afterwards: an instance reads the ring at start, and one still running \
        with the old ring cannot open what a restarted one seals. Drop a previous key (its line in the \
        file) only after pickup.lifetimeHours have passed and no case sealed before the rotation is open.
        """)
    @OptionGroup var config: ConfigOptions
    @Option(help: "Keep at most this many previous keys (the oldest beyond it are dropped).") var keepPrevious: Int = 3
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let settings = try await config.load()
        guard let path = settings.sealingKeyFile else {
            throw failure("sealingKeyFile is not set: only a key ring in a file can be rotated (FIRSTKEY_SEALING_KEY is replaced by whoever sets it).",
                          json: json, code: "no-key-file")
        }
        guard (0...20).contains(keepPrevious) else { throw ValidationError("--keep-previous must be between 0 and 20.") }
        let ring = try SealingKey.loadRing(fromFile: path)
        let fresh = SealingKey.generate()
        let kept = Array(ring.prefix(keepPrevious))
        // Never drop a key that still seals something: those secrets (and the pickups they belong to) would be lost.
        let droppedKeys = Set(ring.dropFirst(keepPrevious).map(\.keyID))
        if !droppedKeys.isEmpty {
            let inUse = try await withStore(settings, logger: quietLogger()) { try await $0.sealedSecretCountsByKey() }.filter { droppedKeys.contains($0.key) && $0.value > 0 }
            if !inUse.isEmpty {
                let list = inUse.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) sealed secret\($0.value == 1 ? "" : "s"))" }.joined(separator: ", ")
                throw failure("not rotated: dropping \(list) would make what it sealed unreadable; keep more previous keys (--keep-previous) "
                              + "or wait until those cases have ended", json: json, code: "key-in-use")
            }
        }
        try SealingKey.replaceRing([fresh] + kept, atFile: path)
        let dropped = ring.dropFirst(keepPrevious).map(\.keyID)
        if json {
            print(Output.json(["file": path, "current": fresh.keyID, "previous": kept.map(\.keyID).joined(separator: ","), "dropped": dropped.joined(separator: ",")]))
        } else {
            print("New sealing key \(fresh.keyID) in \(path); previous keys kept: \(kept.map(\.keyID).joined(separator: ", "))"
                + (dropped.isEmpty ? "." : "; dropped: \(dropped.joined(separator: ", ")).") + " Restart every instance of firstkey serve now.")
        }
    }
}
