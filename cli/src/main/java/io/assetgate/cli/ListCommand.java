package io.assetgate.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetFilter;
import io.assetgate.client.AssetgateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists the caller's assets, newest first, optionally filtered (the server's list filters). */
@Command(name = "ls", description = "List your assets, newest first.")
final class ListCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "How many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-a", "--all"}, description = "All of them, page after page.")
    boolean all;

    @Option(names = "--kind", converter = KindConverter.class, paramLabel = "image|video",
            description = "Only images, or only videos.")
    AssetFilter.Kind kind;

    @Option(names = "--state", paramLabel = "STATE", description = "Only this state: AVAILABLE, READY, QUARANTINED, FAILED.")
    String state;

    @Option(names = "--sort", converter = SortConverter.class, paramLabel = "created|captured",
            description = "Newest upload first (created, the default), or newest photo or video first (captured: "
                    + "when it was taken, else when it was uploaded).")
    AssetFilter.Sort sort;

    @Option(names = "--since", converter = InstantConverter.class, paramLabel = "DATE|INSTANT",
            description = "From this time on (inclusive), on the sort key: 2026-01-01 (UTC) or 2026-01-01T08:00:00Z.")
    Instant since;

    @Option(names = "--until", converter = InstantConverter.class, paramLabel = "DATE|INSTANT",
            description = "Before this time (exclusive), on the sort key.")
    Instant until;

    @Option(names = "--name", paramLabel = "PREFIX", description = "Filenames starting with this, in any case.")
    String name;

    @Override
    public void run() {
        Session session = new Session(root, spec);
        try (AssetgateClient client = session.client()) {
            AssetFilter filter = AssetFilter.all().withKind(kind).withState(state == null ? null
                    : state.toUpperCase(Locale.ROOT)).withSort(sort).withFrom(since).withTo(until).withNamePrefix(name);
            String cursor = null;
            int shown = 0;
            do {
                Asset.Page page = client.list(filter, all ? 100 : Math.min(limit - shown, 100), cursor);
                for (Asset a : page.items()) {
                    session.out.result(Output.asset(a), String.format("%-36s  %-11s  %9s  %s  %s", a.id(), a.state(),
                            Output.size(a.size()), a.createdAt(), a.filename()));
                    shown++;
                }
                cursor = page.nextCursor();
            } while (cursor != null && (all || shown < limit));
        }
    }

    static final class KindConverter implements ITypeConverter<AssetFilter.Kind> {
        @Override
        public AssetFilter.Kind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "image" -> AssetFilter.Kind.IMAGE;
                case "video" -> AssetFilter.Kind.VIDEO;
                default -> throw new TypeConversionException("expected image or video, not '" + value + "'");
            };
        }
    }

    static final class SortConverter implements ITypeConverter<AssetFilter.Sort> {
        @Override
        public AssetFilter.Sort convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "created" -> AssetFilter.Sort.CREATED;
                case "captured" -> AssetFilter.Sort.CAPTURED;
                default -> throw new TypeConversionException("expected created or captured, not '" + value + "'");
            };
        }
    }

    /** A date (the start of that day in UTC) or an ISO-8601 instant. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return value.contains("T") ? Instant.parse(value)
                        : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected a date such as 2026-01-01 or an instant such as "
                        + "2026-01-01T08:00:00Z, not '" + value + "'");
            }
        }
    }
}
