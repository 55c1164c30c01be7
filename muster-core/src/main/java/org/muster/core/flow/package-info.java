/**
 * The information flows of TS 23.280 10.xx.2 as typed records. Clause, table and record:
 *
 * <ul>
 *   <li>10.xx.2.1 Table 10.6.2.2.34-1: {@link PreconfiguredRegroupRequest.FromClient}
 *   <li>10.xx.2.2 Table 10.6.2.2.35-1: {@link PreconfiguredRegroupRequest.ToClient}
 *   <li>10.xx.2.3 Table 10.6.2.2.36-1: {@link PreconfiguredRegroupRequest.BetweenServers}
 *   <li>10.xx.2.4 Table 10.6.2.2.37-1: {@link PreconfiguredRegroupResponse.FromClient}
 *   <li>10.xx.2.5 Table 10.6.2.2.38-1: {@link PreconfiguredRegroupResponse.ToClient}
 *   <li>10.xx.2.6 Table 10.6.2.2.39-1: {@link PreconfiguredRegroupResponse.BetweenServers}
 *   <li>10.xx.2.7 Table 10.6.2.2.40-1: {@link PreconfiguredRegroupCancelRequest.FromClient}
 *   <li>10.xx.2.8 Table 10.6.2.2.41-1: {@link PreconfiguredRegroupCancelRequest.ToClient}
 *   <li>10.xx.2.9 Table 10.6.2.2.42-1: {@link PreconfiguredRegroupCancelRequest.BetweenServers}
 *   <li>10.xx.2.10 Table 10.6.2.2.43-1: {@link PreconfiguredRegroupCancelResponse.FromClient}
 *   <li>10.xx.2.11 Table 10.6.2.2.44-1: {@link PreconfiguredRegroupCancelResponse.ToClient}
 *   <li>10.xx.2.12 Table 10.6.2.2.45-1: {@link PreconfiguredRegroupCancelResponse.BetweenServers}
 *   <li>10.xx.2.13 Table 10.6.2.2.46-1: {@link PreconfiguredRegroupReject.ToClient}
 *   <li>10.xx.2.14 Table 10.6.2.2.47-1: {@link PreconfiguredRegroupReject.BetweenServers}
 * </ul>
 *
 * "One and only one of these shall be present" is {@link RegroupTargets}.
 */
package org.muster.core.flow;
