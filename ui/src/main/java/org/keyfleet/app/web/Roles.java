package org.keyfleet.app.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The UI's roles: viewers read, operators also launch jobs, execute and verify. */
final class Roles {

    static final String VIEWER = "VIEWER";
    static final String OPERATOR = "OPERATOR";

    private Roles() {
    }

    /** Whether the signed-in user may act (launch, restart, verify, load). */
    static boolean isOperator() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + OPERATOR)::equals);
    }

    static String userName() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "" : auth.getName();
    }
}
