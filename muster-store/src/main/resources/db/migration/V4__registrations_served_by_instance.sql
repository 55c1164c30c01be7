-- Several server instances of one MC system sharing this store (PROVISIONING.md system.store):
-- each serves the clients that registered with it. served_by is that instance (its SIP
-- address); '' for rows written before instances were told apart (any instance restores them).
ALTER TABLE registration ADD COLUMN served_by VARCHAR(256) DEFAULT '' NOT NULL;
