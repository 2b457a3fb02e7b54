/// Remembers the last `capacity` event IDs, so a report Event Grid delivers twice (it retries
/// until it gets a 2xx) is handled once. One instance per process; with several Firstkey
/// instances, deduplicate in the store instead (a unique key on the event ID).
public struct DeliveryReportDeduplicator: Sendable {
    public let capacity: Int
    private var seen: Set<String> = []
    private var order: [String] = []
    private var head = 0

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// True the first time `eventID` is seen (and records it), false for a repeat.
    public mutating func firstSighting(of eventID: String) -> Bool {
        guard seen.insert(eventID).inserted else { return false }
        if order.count < capacity {
            order.append(eventID)
        } else {
            seen.remove(order[head])
            order[head] = eventID
            head = (head + 1) % capacity
        }
        return true
    }

    /// Whether `eventID` was seen (without recording it): check before the report is handled,
    /// record with `firstSighting(of:)` once it was, so a failed attempt can be retried.
    public func hasSeen(_ eventID: String) -> Bool {
        seen.contains(eventID)
    }

    /// The reports not seen before, in order; reports without an event ID always pass.
    public mutating func newReports(_ reports: [DeliveryStatusReport]) -> [DeliveryStatusReport] {
        reports.filter { report in report.eventID.map { firstSighting(of: $0) } ?? true }
    }
}
