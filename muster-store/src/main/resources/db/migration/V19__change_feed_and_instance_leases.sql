-- Several server instances of one MC system on one PostgreSQL (README "Scaling out"); H2 (one
-- instance) leaves these as they are.
--
-- Change feed: every write that forms, puts in effect or cancels a regroup takes the next number
-- of the 'regroups' counter (under the writers' lock, so numbers follow the commit order) and
-- stamps it on the regroup rows it changed, then NOTIFYs muster_regroups with it. An instance
-- reads the rows stamped after the last number it saw: on a notification, and after it
-- reconnected its LISTEN (a lost notification is caught up by number).
ALTER TABLE regroup ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX regroup_by_version ON regroup (version);
CREATE TABLE store_version (
  name    VARCHAR(64) NOT NULL PRIMARY KEY,
  version BIGINT      NOT NULL
);
INSERT INTO store_version (name, version) VALUES ('regroups', 0);

-- Failover: each running instance (its SIP address) holds a lease it renews; once a lease has
-- run out, one surviving instance deletes it (the one whose DELETE took the row) and serves the
-- clients registered with the dead instance from then on (registration.served_by).
CREATE TABLE server_instance (
  instance       VARCHAR(256) NOT NULL PRIMARY KEY,
  lease_until_ns BIGINT       NOT NULL,
  renewed_ns     BIGINT       NOT NULL
);
