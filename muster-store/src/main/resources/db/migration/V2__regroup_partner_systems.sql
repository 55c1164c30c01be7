-- Regroups across MC systems (TS 23.280 10.xx.3.3): on the primary's side the partner systems
-- the regroup spans (comma-separated ids), on a partner's side the primary system that asked.
ALTER TABLE regroup ADD COLUMN partners VARCHAR(4000) DEFAULT '' NOT NULL;
ALTER TABLE regroup ADD COLUMN primary_system VARCHAR(256);
