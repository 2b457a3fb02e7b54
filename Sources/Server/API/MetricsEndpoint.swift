import Metrics
import Onboarding
public import Prometheus
import Store

/// Prometheus metrics: the engine's and LDAP client's timers and counters recorded through
/// swift-metrics, plus the number of cases in each state, read from the store at every scrape.
/// Labels hold step kinds, outcomes and operation names only, never identities or reasons.
public struct MetricsEndpoint: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    func render(store: any CaseStore) async -> String {
        if let counts = try? await store.countCasesByState() {
            for state in CaseState.allCases {
                Gauge(label: "firstkey_cases", dimensions: [("state", state.rawValue)], factory: factory).record(counts[state] ?? 0)
            }
            Gauge(label: "firstkey_store_up", factory: factory).record(1)
        } else {
            Gauge(label: "firstkey_store_up", factory: factory).record(0)
        }
        return registry.emitToString()
    }
}
