package io.assetgate.server.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, with its header checks written as loops.
 *
 * <p>The default firewall checks every header name and value it hands out against the
 * pattern {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, each time a header is read. The bearer
 * token is read several times per request, and those regex passes over it were 3% of a
 * create's CPU. The rule is the same: every code point assigned, none a control character.
 */
final class HeaderFirewall {

    private HeaderFirewall() {
    }

    static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderFirewall::isPrintable);
        firewall.setAllowedHeaderValues(HeaderFirewall::isPrintable);
        return firewall;
    }

    /** True when every code point is assigned and none is a control character. */
    static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!Character.isDefined(cp) || Character.isISOControl(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
