package org.muster.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PROVISIONING.md {@code system.tls}: the PEM files of this server's TLS certificate (chain) and
 * private key, resolved against the provisioning file's folder.
 */
public record TlsIdentity(Path certificate, Path key) {
  public TlsIdentity {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
  }
}
