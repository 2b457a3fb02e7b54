import Credentials
import Directory
import FirstkeyConfiguration
import Foundation
import Hummingbird
import Logging
import OnboardingEngine
import Server
import Store

extension MicrosoftConnection {
    /// The first-password portal as `portal.*` describes it: needs Entra (sign-in), publicURL
    /// (the redirect URI) and the sealing key (the sealed cookies); nil when one is missing or
    /// `portal.enabled` is false.
    func firstPasswordPortal(_ settings: FirstkeySettings, engine: OnboardingEngine, store: any CaseStore, directory: ActiveDirectory, sealer: SecretSealer?,
                             notices: DeliverySteps?, logger: Logger) -> FirstPasswordPortal? {
        let portal = settings.portal
        guard portal.enabled, let sealer, let publicURL = settings.publicURL.flatMap(URL.init(string:)) else { return nil }
        let requirements = SignInRequirements(requiredAuthenticationMethods: portal.requiredAuthenticationMethods, authenticationContext: portal.authenticationContext,
                                              maximumAuthenticationAge: .seconds(portal.maximumAuthenticationAgeMinutes * 60))
        let configuration = PortalConfiguration(
            publicURL: publicURL, entra: self.configuration, requirements: requirements, sessionLifetime: .seconds(portal.sessionMinutes * 60),
            adminRoles: Set(portal.adminRoles), adminGroups: Set(portal.adminGroups), organization: settings.delivery.organization,
            helpContact: settings.delivery.helpContact ?? "your IT service desk", passwordSyncMinutes: portal.passwordSyncMinutes,
            timeZone: settings.delivery.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
        let accounts = FirstPasswordService(engine: engine, directory: directory, graph: graph, notices: notices,
                                            settings: .init(enableAccount: portal.enableAccount, allowedGroups: Set(portal.allowedGroups),
                                                            firstCredentialGuard: settings.firstCredentialGuard), logger: logger)
        return FirstPasswordPortal(configuration: configuration, accounts: accounts, redeemer: tokens, signingKeys: signingKeys, sealer: sealer, store: store)
    }
}
