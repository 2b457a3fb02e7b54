/// Test input the simulator cannot use (a seed file, a `/_sim` body, a bad argument).
public struct SimulatorInputError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
