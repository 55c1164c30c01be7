-- Retention (system.retention): the pruner finds the oldest cancelled regroups by cancelled_ns.
CREATE INDEX regroup_by_cancelled ON regroup (cancelled_ns);
