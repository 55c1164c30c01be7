package org.muster.core.port;

import org.muster.core.regroup.RegroupRecord;

/**
 * A regroup across MC systems that was still waiting for its partners' answers when stored
 * (10.xx.3.3.1 steps 4 to 10): not in effect anywhere yet. {@code owner} names the server
 * instance that sent the requests (its SIP address), so that only that instance, when it
 * restarts, settles it: the create is abandoned and the partners are owed a cancel.
 */
public record FormingRegroup(RegroupRecord regroup, String owner) {}
