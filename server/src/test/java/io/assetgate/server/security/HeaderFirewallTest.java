package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loop that replaces the firewall's header pattern accepts exactly what the pattern accepts. */
class HeaderFirewallTest {

    /** Spring Security's StrictHttpFirewall default for header names and values. */
    private static final Pattern DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer abc.def", "text/html; q=0.9", "caf\u00e9", "\u65e5\u672c", "emoji \ud83d\ude00",
        "tab\there", "line\nbreak", "nul\u0000", "del\u007f", "c1\u0085", "unassigned\u0378", "lone \ud83d surrogate",
        "private \ue000 use", "zero\u200bwidth", "bom\ufeff", "noncharacter\uffff"})
    void agreesWithTheDefaultPattern(String value) {
        assertThat(HeaderFirewall.isPrintable(value)).as("[%s]", value).isEqualTo(DEFAULT.matcher(value).matches());
    }
}
