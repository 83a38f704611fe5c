package dev.wanka.server.control;

import dev.wanka.api.Heartbeat;

/**
 * A node's report holding news, waiting to be applied under the lock.
 *
 * @param registrations how many times the node's agent had registered when the report came: a
 *     report that waited through a re-registration speaks of processes the restart ended
 */
record WaitingReport(Heartbeat heartbeat, int registrations) {}
