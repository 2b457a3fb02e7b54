public import Foundation

/// The progress of one step.
public struct CaseStep: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable { case pending, succeeded, failed }

    public var kind: StepKind
    public var status: Status
    public var attempts: Int
    /// When a worker may next try it; nil once finished.
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var finishedAt: Date?

    public init(kind: StepKind, status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date? = nil, lastError: String? = nil, finishedAt: Date? = nil) {
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.finishedAt = finishedAt
    }
}

/// One new hire's way from "account provisioned" to "signed in with a credential only they held".
public struct OnboardingCase: Hashable, Sendable, Codable {
    public var id: CaseID
    public var intakeKey: String
    public var identity: HireIdentity
    /// The hire's first day: a working credential must exist before it.
    public var hireDate: Date
    public var deliveryMode: DeliveryMode
    public var recipients: Recipients
    /// Where the case came from: api, csv, cli, lifecycle-workflow, scim, pull.
    public var source: String
    public var state: CaseState
    public var steps: [CaseStep]
    public var failureReason: String?
    public var escalatedAt: Date?
    public var escalationReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Administrators' re-send requests so far (nil in cases stored before re-send existed).
    var resends: Int?
    /// Who must be told the outcome (a Lifecycle Workflow waiting for `resume`), if anyone.
    public var callback: CaseCallback?
    /// When the hire set their own first password in the portal (self-service and TAP modes).
    public internal(set) var passwordChosenAt: Date?
    /// A portal request is writing the hire's password right now (since then): a second one
    /// waits, so a case gets one password from the portal, never two racing ones.
    public internal(set) var passwordClaimedAt: Date?
    /// An administrator allowed this case a first credential although another case already gave
    /// this account one (`CaseLifecycle.approveReissue`). Every other guard still applies.
    public internal(set) var reissue: Reissue?
    /// More new cases arrived in the last hour than the installation allows: nothing runs until an
    /// administrator approves (`CaseLifecycle.approve`), so a compromised feed cannot mass-reset.
    public internal(set) var heldForApproval: String?

    /// Who allowed a second first credential for the same account, when and why.
    public struct Reissue: Hashable, Sendable, Codable {
        public var actor: String
        public var reason: String
        public var at: Date
    }

    /// How many times an administrator asked for the credential to be sent again. Part of the
    /// delivery idempotency key: a re-send is a new message, a retry of the same send is not.
    public var resendCount: Int { resends ?? 0 }

    public init(id: CaseID = CaseID(), intakeKey: String, identity: HireIdentity, hireDate: Date, deliveryMode: DeliveryMode,
                recipients: Recipients, source: String, createdAt: Date) {
        self.id = id
        self.intakeKey = intakeKey
        self.identity = identity
        self.hireDate = hireDate
        self.deliveryMode = deliveryMode
        self.recipients = recipients
        self.source = source
        self.state = .received
        self.steps = StepKind.allCases.map { CaseStep(kind: $0) }
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// The first step not yet succeeded.
    public var currentStep: CaseStep? { steps.first { $0.status != .succeeded } }

    public func step(_ kind: StepKind) -> CaseStep { steps.first { $0.kind == kind }! }

    mutating func updateStep(_ kind: StepKind, _ change: (inout CaseStep) -> Void) {
        guard let index = steps.firstIndex(where: { $0.kind == kind }) else { return }
        change(&steps[index])
    }
}
