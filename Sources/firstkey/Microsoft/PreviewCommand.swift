import ArgumentParser
import Delivery
import Foundation
import Onboarding

/// `firstkey preview`: every message a delivery mode sends, rendered with sample values in the
/// chosen language, with its channel and (for SMS) its length in segments — so an administrator
/// sees what a new hire will read before the first one does.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "preview", abstract: "Show the messages a delivery mode sends, with sample values.")

    @Option(help: "self-service, temporary-password or tap.") var mode: String = DeliveryMode.temporaryPassword.rawValue
    @Option(help: "Channels configured (repeatable): sms, email, webhook.") var channel: [String] = ["sms", "email"]
    @Option(help: "The hire's language: en or de.") var language = "en"
    @Option(help: "The manager's language: en or de.") var managerLanguage = "en"
    @Option(help: "Organisation name shown in the messages.") var organization = "Contoso"

    func run() throws {
        guard let mode = DeliveryMode(rawValue: mode) else {
            throw ValidationError("--mode must be one of \(DeliveryMode.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let channels = try Set(channel.map { name in
            guard let kind = DeliveryChannelKind(rawValue: name.lowercased()) else { throw ValidationError("--channel must be sms, email or webhook, not '\(name)'.") }
            return kind
        })
        guard let hireLanguage = DeliveryLanguage(tag: language), let managerLanguage = DeliveryLanguage(tag: self.managerLanguage) else {
            throw ValidationError("--language and --manager-language must be en or de.")
        }
        let composer = DeliveryComposer(templates: try DeliveryTemplates(), organizationName: organization)
        do {
            let preview = try DeliveryPreview(mode: mode, channels: channels, composer: composer,
                                              content: DeliveryPreview.sampleContent(hireLanguage: hireLanguage, managerLanguage: managerLanguage))
            print(preview.text)
        } catch let error as DeliveryPlanError {
            throw ValidationError("This configuration cannot deliver \(mode.rawValue) safely: \(error)")
        }
    }
}
