-- The group management server's group documents as operators wrote them over its HTTP API (one
-- per MC service group). The provisioning file's groups are not copied here: a document here
-- replaces the file's group of the same URI, an empty one deletes it, and any other adds a group.
-- etag changes with every write.
CREATE TABLE gms_group_document (
  group_uri  VARCHAR(1024)    NOT NULL PRIMARY KEY,
  document   VARCHAR(1000000) NOT NULL,
  etag       VARCHAR(64)      NOT NULL,
  updated_ns BIGINT           NOT NULL
);

-- One counter moved by every write of a document: instances sharing the store read it every
-- second and reload the documents when it moved.
CREATE TABLE gms_counter (
  name  VARCHAR(64) NOT NULL PRIMARY KEY,
  count BIGINT      NOT NULL
);
INSERT INTO gms_counter (name, count) VALUES ('groups', 0);
