package org.springframework.security.core;

import java.io.Serializable;
import java.security.Principal;

/** Compile-only stub of Spring Security's interface, which Jenkins core ships; never packaged. */
public interface Authentication extends Principal, Serializable {}
