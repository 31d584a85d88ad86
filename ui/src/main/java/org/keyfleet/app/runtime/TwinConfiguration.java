package org.keyfleet.app.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.keyfleet.app.kafka.EmbeddedKafka;
import org.keyfleet.app.kafka.KafkaFeedProperties;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LedgerSettings;
import org.keyfleet.ledger.SaeDirectory;
import org.keyfleet.ledger.SimulationClock;
import org.keyfleet.planner.job.OutcomeReplans;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.KmeCertificate;
import org.keyfleet.terminal.KmeRequestObserver;
import org.keyfleet.terminal.KmeServer;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.PkiDescription;
import org.keyfleet.terminal.SaeCertificate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of {@code keyfleet serve}, as beans other parts of the application (the operations UI) inject: the
 * scenario, the simulation clock, the sites ({@link GroundSegment}: key stores, emulated link, combinations), the
 * {@link KeyLedger}, the KMEs ({@link KmeServer}, {@link KmeDirectory}) and the {@link TwinRuntime} that runs the
 * plan. Active with {@code keyfleet.twin.enabled=true}; the one-shot commands leave it off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "keyfleet.twin", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(KeyfleetProperties.class)
class TwinConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TwinConfiguration.class);

    /** The data directory: database (default H2 file), PKI, key-encryption keystore. */
    @Bean
    DataDirectory dataDirectory(@Value("${keyfleet.data:${KEYFLEET_DATA:./data}}") String data) {
        return DataDirectory.of(Path.of(data));
    }

    @Bean
    TwinScenario twinScenario(KeyfleetProperties properties) {
        return TwinScenario.load(properties.twin().scenario());
    }

    /** The scenario the twin runs, over the planned window (what the operations UI shows). */
    @Bean
    Scenario runningScenario(TwinScenario scenario, KeyfleetProperties properties) {
        Scenario s = scenario.scenario();
        Double days = properties.twin().days();
        return days == null ? s : s.withWindow(s.start(), java.time.Duration.ofMillis(Math.round(days * 86_400_000.0)));
    }

    @Bean
    TwinStateStore twinStateStore(DataSource dataSource, TwinScenario scenario, DataDirectory data) {
        TwinStateStore store = TwinStateStore.migrate(dataSource);
        store.claim(scenario, data.path().toString());
        return store;
    }

    /** The running clock's time source: held still until the plan is scheduled; its rate is the twin's speed. */
    @Bean
    Pace pace(KeyfleetProperties properties) {
        Double speed = properties.twin().speed();
        return new Pace(InstantSource.system(), speed == null ? AutoSpeed.MIN : speed);
    }

    /**
     * Simulated time: resumes from the persisted time on restart; on first start it begins at the window's start and
     * is moved to just before the first contact once the plan is known.
     */
    @Bean
    SimulationClock simulationClock(KeyfleetProperties properties, TwinStateStore state, TwinScenario scenario,
                                    Pace pace) {
        var start = state.load().map(TwinStateStore.State::simulatedAt).orElse(null);
        if (start == null) {
            start = scenario.scenario().start();
        }
        // speed factor 1 against the pace, which itself runs at the twin's speed (so the speed can change)
        return properties.twin().manualClock() ? SimulationClock.manual(start) : SimulationClock.running(start, 1, pace);
    }

    /** Terminals run as separate processes ('keyfleet terminal --id'); none by default. */
    @Bean
    RemoteTerminals remoteTerminals(@Value("${keyfleet.terminals.remote:}") String remote,
                                    @Value("${keyfleet.kafka.bootstrap-servers:}") String bootstrap,
                                    ObjectProvider<EmbeddedKafka> embedded, TwinScenario scenario) {
        if (bootstrap.isBlank() && !remote.isBlank()) {
            EmbeddedKafka broker = embedded.getIfAvailable();   // serve --embedded-kafka
            bootstrap = broker == null ? "" : broker.bootstrapServers();
        }
        return RemoteTerminals.of(remote, bootstrap, scenario.scenario());
    }

    @Bean
    GroundSegment groundSegment(DataSource dataSource, DataDirectory data, SimulationClock clock,
                                RemoteTerminals remote) {
        return GroundSegment.open(dataSource, KeyEncryptionKey.resolve(data.path(), System.getenv()),
                new SimulatedClock(clock), remote.layout());
    }

    /** The controller's end of the site bus (Kafka) when some terminals are remote. */
    @Bean(destroyMethod = "close")
    RemoteTerminals.Bus siteBus(RemoteTerminals remote, GroundSegment sites, KeyLedger ledger, DataDirectory data,
                                KeyfleetProperties properties, KafkaFeedProperties kafka) {
        return remote.start(sites, ledger, data.path(), properties.twin().seed(), kafka.client());
    }

    /**
     * The ledger; its {@code pair-key.available} events name the SAEs each terminal's KME serves (those of the PKI,
     * so a terminal the scenario lists no SAEs for shows the development SAE its KME really serves).
     */
    @Bean
    KeyLedger keyLedger(DataSource dataSource, TwinScenario scenario, GroundSegment sites,
                        KeyfleetProperties properties, PkiDescription pki) {
        return KeyLedger.open(dataSource, ledgerSettings(scenario.scenario(), properties.twin().lowStockBits()),
                sites.combinations(), sites.discards(), saeDirectory(pki));
    }

    /** Terminal id → the SAE ids of its KME, from the PKI. */
    static SaeDirectory saeDirectory(PkiDescription pki) {
        Map<String, List<String>> saes = new LinkedHashMap<>();
        for (KmeCertificate k : pki.kmes()) {
            saes.put(k.terminalId(), pki.saesOf(k.terminalId()).stream().map(SaeCertificate::saeId).toList());
        }
        return SaeDirectory.of(saes);
    }

    /** The ledger's limits from the scenario: each satellite's onboard key memory. */
    static LedgerSettings ledgerSettings(Scenario scenario, long lowStockBits) {
        Map<String, Long> memory = new LinkedHashMap<>();
        for (SatelliteSpec s : scenario.satellites()) {
            memory.put(s.id(), s.payload().onboardKeyMemoryBits());
        }
        return LedgerSettings.defaults().withMemoryBits(memory).withLowStockThreshold(lowStockBits);
    }

    @Bean
    PkiDescription pki(TwinScenario scenario, DataDirectory data) {
        return KmeDirectory.ensurePki(scenario.scenario(), data.path());
    }

    @Bean(destroyMethod = "close")
    KmeServer kmeServer(GroundSegment sites, KeyLedger ledger, PkiDescription pki, KeyfleetProperties properties,
                        RemoteTerminals remote, ObjectProvider<KmeRequestObserver> observer) {
        // a remote terminal's KME runs in its own process, on the port it would have had here; the observer is the
        // request metrics when Micrometer is there (org.keyfleet.app.ops)
        return sites.startKmes(KmeDirectory.serverConfig(pki, properties.kme()).without(remote.ids()), ledger,
                observer.getIfAvailable(() -> KmeRequestObserver.NONE));
    }

    @Bean
    KmeDirectory kmeDirectory(KmeServer server, PkiDescription pki) {
        return new KmeDirectory(pki, server.listing(pki));
    }

    /**
     * The twin's sky and forecasts. The sky's seed is --weather-seed, else the scenario's weather.seed, else the twin's
     * seed; its origin the scenario's start. Both are recorded on first start and kept: a restart flies under the sky
     * it had, whatever the options say now (a different seed is logged and ignored).
     */
    @Bean
    TwinWeather twinWeather(TwinScenario scenario, KeyfleetProperties properties, TwinStateStore state) {
        KeyfleetProperties.Twin twin = properties.twin();
        Scenario s = scenario.scenario();
        long seed = twin.weatherSeed() != null ? twin.weatherSeed()
                : s.weather().seed() != null ? s.weather().seed() : twin.seed();
        TwinStateStore.Sky sky = new TwinStateStore.Sky(seed, s.start());
        Optional<TwinStateStore.Sky> kept = state.load().flatMap(TwinStateStore.State::sky);
        if (kept.isPresent()) {
            if (!kept.get().equals(sky)) {
                LOG.warn("the twin keeps the sky of its first start on this database (weather seed {}, origin {}), not "
                        + "seed {} and origin {}; use another data directory (--data) for another sky",
                        kept.get().seed(), kept.get().origin(), sky.seed(), sky.origin());
            }
            sky = kept.get();
        } else {
            state.setSky(sky);
        }
        return TwinWeather.of(s, sky.seed(), sky.origin(), twin.skill(s.weather()), twin.cloudCover());
    }

    @Bean
    OutcomeReplans outcomeReplans(PlannerStore store, PlatformTransactionManager transactions) {
        return new OutcomeReplans(store, transactions);
    }

    @Bean
    TwinRuntime twinRuntime(TwinScenario scenario, KeyfleetProperties properties, SimulationClock clock, Pace pace,
                            KeyLedger ledger, GroundSegment sites, KmeServer server, KmeDirectory kmes,
                            PlanningJobs jobs, PlannerStore store, TwinStateStore state, TwinWeather weather,
                            OutcomeReplans replans,
                            RemoteTerminals.Bus siteBus) {   // joined before the twin flies remote contacts
        // the link flies under the sampled sky; the outcomes it reports drive the re-plans
        FlownContacts flown = new FlownContacts(new SkyDrawnLink(
                sites.emulatedLink(LinkNoiseModel.DEFAULT, properties.twin().seed()), weather.sky()));
        return new TwinRuntime(scenario, properties.twin(), clock, clock.isRunning() ? pace : null, ledger,
                flown, server, kmes, new PlanSource(jobs, store, weather), state,
                state.load().map(TwinStateStore.State::simulatedAt).orElse(null), weather, replans);
    }

    /** The data directory, absolute; created when missing. */
    record DataDirectory(Path path) {
        static DataDirectory of(Path dir) {
            Path p = dir.toAbsolutePath().normalize();
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException("keyfleet.data: " + p + " exists and is not a directory");
            }
            return new DataDirectory(p);
        }
    }
}
