-- A client registered through a SIP proxy in front of the instances (README "Scaling out"): the
-- Path its REGISTER came over (RFC 3327), the proxies' URIs one per line, first the one nearest
-- the server; '' when it came straight. Whichever instance serves the client (also one that took
-- it over) routes requests to it through this path.
ALTER TABLE registration ADD COLUMN path VARCHAR(4000) DEFAULT '' NOT NULL;
