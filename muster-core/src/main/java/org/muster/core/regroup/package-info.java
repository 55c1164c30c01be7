/**
 * Preconfigured regrouping (TS 23.280 10.xx.3): one place per procedure, its steps in the
 * clause's order, named after the clause and, across MC systems, after the side it runs on.
 *
 * <table>
 *   <caption>Clause to class</caption>
 *   <tr><th>clause</th><th>procedure</th><th>here</th></tr>
 *   <tr><td>10.xx.3.2.1</td><td>group regroup, one MC system</td><td>{@link org.muster.core.regroup.GroupRegroupFormation}</td></tr>
 *   <tr><td>10.xx.3.2.2</td><td>user regroup, one MC system</td><td>{@link org.muster.core.regroup.UserRegroupFormation}</td></tr>
 *   <tr><td>10.xx.3.2.3</td><td>cancel, one MC system</td><td>{@link org.muster.core.regroup.RegroupCancellation}</td></tr>
 *   <tr><td>10.xx.3.3.1, 10.xx.3.3.2</td><td>group / user regroup across MC systems, primary's side: steps 1 to 4
 *       in the formations above (partners found by the domains of the listed groups or users); step 4 and, one
 *       partner's event at a time, steps 10 and 11 in the state machine</td>
 *       <td>{@link org.muster.core.regroup.PrimaryRegroupAcrossSystems} ({@code State}, {@code PartnerEvent})</td></tr>
 *   <tr><td>10.xx.3.3.1, 10.xx.3.3.2, 10.xx.3.3.4</td><td>the same, partner's side: steps 5 to 10</td>
 *       <td>{@link org.muster.core.regroup.PartnerRegroupAcrossSystems#create}</td></tr>
 *   <tr><td>10.xx.3.3.3</td><td>cancel across MC systems: primary's side steps 1 to 4 and 10</td>
 *       <td>{@link org.muster.core.regroup.RegroupCancellation#handleAcrossSystems}, the cancels owed in
 *       {@link org.muster.core.regroup.CancelsOwedToPartners} (each debt's {@code Stage})</td></tr>
 *   <tr><td>10.xx.3.3.3</td><td>the same, partner's side: steps 5 to 9</td>
 *       <td>{@link org.muster.core.regroup.PartnerRegroupAcrossSystems#cancel}</td></tr>
 *   <tr><td>10.xx.3.3.4</td><td>rejection by a partner: all or nothing</td>
 *       <td>{@link org.muster.core.regroup.PrimaryRegroupAcrossSystems#on}, then
 *       {@link org.muster.core.regroup.CancelsOwedToPartners}</td></tr>
 *   <tr><td>10.xx.3.4.1</td><td>a user affiliating to a regrouped group</td><td>{@link org.muster.core.regroup.NewlyAffiliatedUserRegroup}</td></tr>
 *   <tr><td>(lifecycle)</td><td>members leaving, expiring, answering; sending again</td>
 *       <td>{@link org.muster.core.regroup.RegroupParticipation}, {@link org.muster.core.regroup.Redelivery}</td></tr>
 *   <tr><td>(beyond the seed)</td><td>the members partner systems serve, as they report them</td>
 *       <td>{@link org.muster.core.regroup.PartnerMemberReports}</td></tr>
 *   <tr><td>(beyond the seed)</td><td>a partner ends a regroup its primary formed there: an operator's release,
 *       or the primary unreachable too long; the primary's record of it</td>
 *       <td>{@link org.muster.core.regroup.PartnerRegroupRelease}</td></tr>
 *   <tr><td>(several instances)</td><td>regroups formed and cancelled by another instance on one store, as its change feed reports them</td>
 *       <td>{@link org.muster.core.regroup.SharedStoreFollower}</td></tr>
 *   <tr><td>(several instances)</td><td>the clients of an instance that stopped, served by this one</td>
 *       <td>{@link org.muster.core.regroup.InstanceTakeover}</td></tr>
 * </table>
 *
 * <p>No I/O. A procedure returns an {@link org.muster.core.regroup.Outcome} (the answer, what to
 * send, the events) and records what it changed as {@link org.muster.core.regroup.StateChange}s
 * in the {@link org.muster.core.regroup.Journal}; {@code McServiceServer.decide} hands both over.
 */
package org.muster.core.regroup;
