/// Where a case stands (design: case lifecycle).
public enum CaseState: String, Hashable, Sendable, Codable, CaseIterable {
    case received
    case correlated
    case checked
    case credentialPrepared = "credential-prepared"
    case delivered
    case completed
    case cleanedUp = "cleaned-up"
    /// A step cannot proceed yet (e.g. the AD object is not synced); it will be tried again.
    case waiting
    /// The deadline is at risk and the service desk has been told; work goes on.
    case escalated
    /// Terminal: the case cannot finish; `failureReason` says why.
    case failed
    /// Terminal: an administrator cancelled the case.
    case cancelled

    public var isTerminal: Bool { self == .cleanedUp || self == .failed || self == .cancelled }
}

/// One arrow of the lifecycle. Each is retried with backoff until the deadline.
public enum StepKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Find the AD object for the hire (waits while it is not synced yet).
    case correlate
    /// Check the account: not protected, in scope, policy known.
    case check
    /// Generate and write the temporary password, or create the TAP (self-service: nothing).
    case prepareCredential = "prepare-credential"
    /// Send the messages over the split channels.
    case deliver
    /// Wait for the hire: pickup, password set in the portal, or passwordless method registered.
    case complete
    /// Wipe secrets, delete a leftover TAP, resume the Lifecycle Workflow.
    case cleanUp = "clean-up"

    /// The state the case reaches when this step succeeds.
    public var reaches: CaseState {
        switch self {
        case .correlate: .correlated
        case .check: .checked
        case .prepareCredential: .credentialPrepared
        case .deliver: .delivered
        case .complete: .completed
        case .cleanUp: .cleanedUp
        }
    }

    public var next: StepKind? {
        let all = Self.allCases
        let index = all.firstIndex(of: self)!
        return index + 1 < all.count ? all[index + 1] : nil
    }
}
