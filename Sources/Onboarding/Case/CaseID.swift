import Foundation

/// Identifies one onboarding case. Random, so it reveals nothing about the hire.
public struct CaseID: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init() { rawValue = "case_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
