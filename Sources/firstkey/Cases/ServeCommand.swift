import ArgumentParser
import Credentials
import Directory
import FirstkeyConfiguration
import Foundation
import Hummingbird
import LDAPClient
import Metrics
import Prometheus
import Server
import ServiceLifecycle
import UnixSignals
import Logging
import Onboarding
import OnboardingEngine
import Store

/// `firstkey serve`: the case engine's workers against the directory, and the admin API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the onboarding engine: lease due cases and run their steps.")

    @OptionGroup var config: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var engineOptions: EngineOptions
    @Option(help: "Stop once no step has been due for this many seconds (for demos and scripts).") var untilIdle: Double?
    @Flag(help: "Run only the workers, without the HTTP API.") var noHTTP = false

    func run() async throws {
        let settings = try await config.load(storeOptions, self.directory, engineOptions)
        let directory = self.directory.access(settings)
        let logger = directory.logger()
        let metrics = MetricsEndpoint()
        MetricsSystem.bootstrap(metrics.factory)
        let pool = try await directory.pool()
        let ad = ActiveDirectory(pool: pool, searchBase: try directory.searchBase(), logger: logger)
        let microsoft: MicrosoftConnection?
        let delivery: DeliveryConnection?
        do {
            microsoft = try MicrosoftConnection.open(settings, logger: logger)
        } catch {
            await pool.shutdown()
            throw error
        }
        do {
            delivery = try await DeliveryConnection.open(settings, microsoft: microsoft, logger: logger)
        } catch {
            await microsoft?.shutdown()
            await pool.shutdown()
            throw error
        }
        // Every connection is shut down before the command returns, whether serving ended or failed.
        func shutDown() async {
            await delivery?.shutdown()
            await microsoft?.shutdown()
            await pool.shutdown()
        }
        do {
            try await serve(settings, directory: directory, ad: ad, pool: pool, microsoft: microsoft, delivery: delivery, metrics: metrics, logger: logger)
        } catch {
            await shutDown()
            throw error
        }
        await shutDown()
    }

    private func serve(_ settings: FirstkeySettings, directory: DirectoryAccess, ad: ActiveDirectory, pool: LDAPConnectionPool, microsoft: MicrosoftConnection?,
                       delivery: DeliveryConnection?, metrics: MetricsEndpoint, logger: Logger) async throws {
        try await withStore(settings, logger: logger) { store in
            let sealer = try settings.sealer()
            let issuer = sealer.map { SealedPasswordIssuer(store: store, sealer: $0) }
            let deliverySteps = try delivery.map { DeliverySteps(settings: try $0.settings(settings), store: store, sealer: sealer, logger: logger) }
            let entra = microsoft.map { connection in
                EntraSteps(graph: connection.graph, directory: ad, store: store, sealer: issuer?.secretSealer,
                           temporaryAccessPasses: .init(lifetimeInMinutes: settings.tap.lifetimeMinutes, isUsableOnce: settings.tap.usableOnce),
                           firstCredentialGuard: settings.firstCredentialGuard, logger: logger)
            }
            let engine = OnboardingEngine(store: store, lifecycle: settings.lifecycle, runner: DirectoryStepRunner(directory: ad, issuer: issuer, entra: entra, delivery: deliverySteps,
                                                                                                                       firstCredentialGuard: settings.firstCredentialGuard, store: store, logger: logger),
                                          escalations: settings.escalationSink(microsoft, logger: logger),
                                          callbacks: microsoft.map { GraphCallbackReporter(graph: $0.graph) },
                                          configuration: .init(leaseDuration: settings.engine.leaseSeconds, batchSize: settings.engine.batchSize,
                                                               maximumNewCasesPerHour: settings.guard.maximumNewCasesPerHour > 0 ? settings.guard.maximumNewCasesPerHour : nil),
                                          logger: logger)
            let discovery = settings.pull.enabled ? microsoft.map { connection in
                HireDiscovery(graph: connection.graph, engine: engine, lookaheadDays: settings.pull.lookaheadDays,
                              deliveryMode: DeliveryMode(rawValue: settings.pull.deliveryMode) ?? .selfService, logger: logger)
            } : nil
            if let untilIdle {
                try await pool.withProbes {
                    if let discovery { _ = try await discovery.runOnce(now: Date()) }
                    var idleSince = ContinuousClock.now
                    while ContinuousClock.now - idleSince < .milliseconds(Int64(untilIdle * 1000)) {
                        if await engine.runOnce() > 0 { idleSince = ContinuousClock.now } else { try await Task.sleep(for: .milliseconds(200)) }
                    }
                    await engine.checkDeadlines()
                    try await store.releaseLeases(owner: engine.configuration.owner)
                }
            } else {
                var services: [any Service] = [EngineService(engine: engine), DirectoryProbeService(pool: pool)]
                if let discovery { services.append(DiscoveryService(discovery: discovery, interval: .seconds(settings.pull.intervalMinutes * 60), logger: logger)) }
                if !noHTTP {
                    let parts = settings.listen.split(separator: ":")
                    guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8080.") }
                    let limits = RequestLimits(intakePerMinute: settings.guard.intakePerMinute, pagePostsPerMinute: settings.guard.pagePostsPerMinute)
                    let router = AdminAPI.router(engine: engine, store: store, metrics: metrics, lifecycleWorkflows: microsoft?.lifecycleWorkflowIntake(settings), limits: limits)
                    if let sealer {
                        PickupPage(store: store, sealer: sealer, policy: settings.pickupPolicy, organization: settings.delivery.organization,
                                   helpContact: settings.delivery.helpContact ?? "your IT service desk",
                                   secureCookies: settings.publicURL?.lowercased().hasPrefix("https://") ?? true,
                                   timeZone: settings.delivery.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current,
                                   events: EnginePickupEvents(engine: engine)).addRoutes(to: router, limiter: limits.pages)
                    }
                    if let callbackURL = settings.twilioStatusCallbackURL, let tokenFile = settings.sms.twilioAuthTokenFile {
                        TwilioStatusCallbackEndpoint(authToken: try SecretFile.read(tokenFile, what: "Twilio auth token"), callbackURL: callbackURL, engine: engine)
                            .addRoutes(to: router)
                    }
                    microsoft?.acsEventGridEndpoint(settings, engine: engine, logger: logger)?.addRoutes(to: router)
                    if let portal = microsoft?.firstPasswordPortal(settings, engine: engine, store: store, directory: ad, sealer: sealer, notices: deliverySteps, logger: logger) {
                        portal.addRoutes(to: router, limiter: limits.pages)
                        // The dashboard shares the portal's sign-in; without a role or group nobody could open it.
                        if !settings.portal.adminRoles.isEmpty || !settings.portal.adminGroups.isEmpty {
                            AdminDashboard(portal: portal, engine: engine, store: store, recheck: microsoft.map { AdministratorRecheck(directory: $0.graph) })
                                .addRoutes(to: router, limiter: limits.pages)
                        }
                    }
                    services.append(Application(router: router, configuration: .init(address: .hostname(String(parts[0]), port: port)), logger: logger))
                    if let management = settings.managementListen {
                        let parts = management.split(separator: ":")
                        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("managementListen must be host:port, e.g. 127.0.0.1:9464.") }
                        services.append(Application(router: AdminAPI.managementRouter(store: store, metrics: metrics),
                                                    configuration: .init(address: .hostname(String(parts[0]), port: port)), logger: logger))
                    }
                }
                // SIGINT/SIGTERM: the API stops accepting, in-flight steps finish, leases are released.
                let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
    }
}

/// Overrides of the `engine.*`, `listen` and `sealingKeyFile` settings.
struct EngineOptions: ParsableArguments, SettingsOverride {
    @Option(help: "File with the 32-byte AES key that seals secrets at rest (base64 or raw, mode 600). Setting sealingKeyFile.")
    var sealingKeyFile: String?
    @Option(help: "Cases processed concurrently per round (default 16). Setting engine.batchSize.") var batchSize: Int?
    @Option(help: "Seconds a worker holds a case; after a crash, other workers take over once it expires (default 120). Setting engine.leaseSeconds.") var leaseSeconds: Double?
    @Option(help: "Address of the admin API and health probes (default 127.0.0.1:8080). Setting listen.") var listen: String?
    @Option(help: "Address of a listener for /metrics, the OpenAPI document and the probes without a token. Setting managementListen.") var managementListen: String?

    func apply(to settings: inout FirstkeySettings) {
        if let sealingKeyFile { settings.sealingKeyFile = sealingKeyFile }
        if let batchSize { settings.engine.batchSize = batchSize }
        if let leaseSeconds { settings.engine.leaseSeconds = leaseSeconds }
        if let listen { settings.listen = listen }
        if let managementListen { settings.managementListen = managementListen }
    }
}

/// Pull mode as a service: a discovery run now and then every `interval`; a failed run is logged
/// and the next one tries again (intake is idempotent, so nothing is lost in between).
struct DiscoveryService: Service {
    let discovery: HireDiscovery
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await discovery.runOnce(now: Date())
                } catch {
                    logger.error("hire discovery failed; the next run tries again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// The engine's workers as a service: graceful shutdown cancels the loop, which then releases
/// this instance's leases.
/// The directory pool's probing of DCs that failed, as a service beside the engine.
struct DirectoryProbeService: Service {
    let pool: LDAPConnectionPool
    func run() async throws {
        await cancelWhenGracefulShutdown { await pool.run() }
    }
}

struct EngineService: Service {
    let engine: OnboardingEngine
    func run() async throws {
        await cancelWhenGracefulShutdown { await engine.run() }
    }
}
