package org.keyfleet.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import org.keyfleet.ledger.AuditVerification;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LedgerSettings;
import org.keyfleet.ledger.TransparencyReport;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KmeAuditLog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The key ledger's audit log: verify its hash chain, or write a pair's transparency report. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The key ledger's hash-chained audit log (see docs/key-ledger.md).",
            "Works beside a running 'keyfleet serve' on the same data directory."},
        subcommands = {AuditCommand.Verify.class, AuditCommand.Report.class, CommandLine.HelpCommand.class})
final class AuditCommand implements Runnable {

    /** Exit status of 'audit verify' when the chain does not verify. */
    static final int BROKEN = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recomputes the audit log's SHA-256 hash chain from the first entry.",
                "Exit status 0 when every entry verifies; 1 and the first broken",
                "entry (sequence number and what differs) when one does not."})
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR",
                description = "Data directory (default: ./data, or $KEYFLEET_DATA if set).")
        private Path data;

        @Override
        public Integer call() {
            final KmeAuditLog.Verification[] kmes = {null};
            final AuditVerification v = withLedger(data, (ledger, dataSource) -> {
                kmes[0] = KmeAuditLog.verify(dataSource);
                return ledger.audit().verify();
            });
            final PrintWriter out = spec.commandLine().getOut();
            out.println(v);
            out.println(kmes[0]);
            out.flush();
            return v.ok() && kmes[0].ok() ? 0 : BROKEN;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Transparency report of one terminal pair: demand, every pair key",
                "with its source segments and deliveries, the satellite links'",
                "books, waste by reason and the chain's state. Ids and lengths",
                "only; no key bits."})
    static final class Report implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--pair", paramLabel = "A,B", required = true,
                description = "The two ground terminal ids, e.g. --pair MAD,HEL.")
        private String pair;

        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
                description = "Output format (default ${DEFAULT-VALUE}).")
        private String format;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        private Path out;

        @Option(names = "--data", paramLabel = "DIR",
                description = "Data directory (default: ./data, or $KEYFLEET_DATA if set).")
        private Path data;

        @Override
        public Integer call() {
            if (!"text".equals(format) && !"json".equals(format)) {
                throw new InputException("--format: '" + format + "' is not one of text, json");
            }
            final String[] ids = pair.split(",", -1);
            if (ids.length != 2 || ids[0].isBlank() || ids[1].isBlank() || ids[0].trim().equals(ids[1].trim())) {
                throw new InputException("--pair: '" + pair
                        + "' is not two different ground terminal ids separated by a comma (e.g. MAD,HEL)");
            }
            final String a = ids[0].trim();
            final String b = ids[1].trim();
            final TransparencyReport report = withLedger(data, (ledger, dataSource) -> ledger.audit().report(a, b));
            if (report.requestedBits() == 0 && report.pairKeys().isEmpty() && report.links().isEmpty()) {
                throw new InputException("--pair: the ledger has no demand, pair key or satellite link for " + a
                        + " or " + b + "; check the terminal ids");
            }
            Output.write(out, spec.commandLine().getOut(),
                    w -> w.println("json".equals(format) ? report.toJson() : report.toText()));
            return 0;
        }
    }

    /**
     * Runs {@code work} on the key ledger of the data directory's database, opened read-only in intent: the ports
     * refuse every call, since verifying and reporting never combine or erase key.
     */
    static <T> T withLedger(Path dataOption, BiFunction<KeyLedger, DataSource, T> work) {
        final Path dataDir = Contexts.dataDirectory(dataOption);
        if (!Contexts.externalDatabase() && !Files.isRegularFile(dataDir.resolve("keyfleet.mv.db"))) {
            throw new InputException("--data: no Keyfleet database in " + dataDir
                    + " (expected keyfleet.mv.db; 'keyfleet serve' makes it)");
        }
        try (ConfigurableApplicationContext context = Contexts.offline(dataDir)) {
            final DataSource dataSource = context.getBean(DataSource.class);
            final List<String> tables = new JdbcTemplate(dataSource).queryForList(
                    "select table_name from information_schema.tables where lower(table_name) = 'ledger_audit'",
                    String.class);
            if (tables.isEmpty()) {
                throw new InputException("--data: the database in " + dataDir
                        + " holds no key ledger yet ('keyfleet serve' makes it)");
            }
            // a data directory of an earlier version gets the KMEs' hand-out log (and its earlier hand-outs logged)
            // here as it would at the next 'serve', so that verification covers them
            GroundSegment.migrate(dataSource);
            final KeyLedger ledger = KeyLedger.open(dataSource, LedgerSettings.defaults(),
                    instruction -> {
                        throw new IllegalStateException("the audit commands never combine key");
                    },
                    discard -> {
                        throw new IllegalStateException("the audit commands never erase key");
                    });
            return work.apply(ledger, dataSource);
        }
    }
}
