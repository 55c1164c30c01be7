-- Groups the group management server knows as regrouped by another mechanism (TS 23.280
-- 10.xx.3.1): the MC service server rejects a regroup of them (148) until the mark is removed.
-- In the store so the mark survives a restart and every instance of the system sees it.
CREATE TABLE gms_regrouped_mark (
  group_uri VARCHAR(1024) NOT NULL PRIMARY KEY,
  marked_ns BIGINT        NOT NULL
);
