/**
 * Preconfigured regrouping (TS 23.280 10.xx.3): one class per procedure, named after its
 * clause ({@link org.muster.core.regroup.GroupRegroupFormation} 10.xx.3.2.1, {@link
 * org.muster.core.regroup.UserRegroupFormation} 10.xx.3.2.2, {@link
 * org.muster.core.regroup.RegroupCancellation} 10.xx.3.2.3, {@link
 * org.muster.core.regroup.NewlyAffiliatedUserRegroup} 10.xx.3.4.1), the regroup state and the
 * per-member outcome, including the members partner systems serve as they report them ({@link
 * org.muster.core.regroup.PartnerMemberReports}, beyond the seed). No I/O: procedures return an
 * {@link org.muster.core.regroup.Outcome}.
 */
package org.muster.core.regroup;
