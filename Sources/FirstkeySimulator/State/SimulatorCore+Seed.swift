import Foundation

extension SimulatorCore {
    /// Loads a seed (shared by `/_sim` and `FirstkeySimulator.apply`).
    func apply(_ seed: SimulatorSeed) {
        withState { state in
            for application in seed.applications { state.applications[application.clientID.lowercased()] = application }
            for var user in seed.users {
                user.id = user.id.lowercased()
                user.managerID = user.managerID?.lowercased()
                state.upsert(user)
            }
            for (key, methods) in seed.authenticationMethods {
                let userID = state.user(idOrPrincipalName: key)?.id ?? key.lowercased()
                for method in methods {
                    state.authenticationMethods[userID, default: []].removeAll { $0.id == method.id }
                    state.authenticationMethods[userID, default: []].append(method)
                }
            }
            if let policy = seed.temporaryAccessPassPolicy { state.temporaryAccessPassPolicy = policy }
            if let premium = seed.premiumLicence { state.hasPremiumLicence = premium }
            state.sms.apply(resources: seed.communicationResources, accounts: seed.twilioAccounts, rules: seed.smsDeliveryRules,
                            defaultRule: seed.defaultSMSDeliveryRule)
        }
    }
}
