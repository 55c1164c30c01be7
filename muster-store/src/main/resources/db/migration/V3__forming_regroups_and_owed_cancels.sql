-- Regroups across MC systems (TS 23.280 10.xx.3.3): a create whose partners have not all answered
-- yet is stored with the server instance that waits for them (its SIP address); NULL once in
-- effect. Its groups are claimed like any regroup's, so no other create can take them meanwhile.
ALTER TABLE regroup ADD COLUMN forming_owner VARCHAR(256);

-- Cancel requests (10.xx.2.9) the primary owes partner systems, sent again until confirmed:
-- after a cancel, after a create that did not take effect everywhere (10.xx.3.3.4), or after
-- a restart that found a create still forming. One per regroup group and partner; owner is the
-- server instance that sends it (another may since have formed a new regroup of that group).
CREATE TABLE partner_cancel (
  regroup_group VARCHAR(1024) NOT NULL,
  partner       VARCHAR(256)  NOT NULL,
  service       VARCHAR(16)   NOT NULL,
  requester     VARCHAR(1024) NOT NULL,
  since_ns      BIGINT        NOT NULL,
  owner         VARCHAR(256)  NOT NULL,
  PRIMARY KEY (regroup_group, partner)
);
