/** The {@code muster} subcommands: server, client, regroup, cancel, status. */
package org.muster.app.cli;
