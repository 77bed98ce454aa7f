-- OTLP exports taken in and not yet turned into interactions. An export is answered once its row is committed; a
-- background drain then stores its traces (event-sourced, as before) and deletes the row. A row is held by one drain at
-- a time through its lease: an instance that dies leaves its rows to be taken again when their lease has run out.
-- Rows live for seconds; the body is the export as protobuf (ExportTraceServiceRequest), decompressed.
CREATE TABLE otlp_export_spool (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    received_at TIMESTAMP    NOT NULL,
    spans       INTEGER      NOT NULL,
    body        BLOB         NOT NULL,
    claimed_by  VARCHAR(36),
    lease_until TIMESTAMP    NOT NULL,
    attempts    INTEGER      NOT NULL
);
CREATE INDEX otlp_export_spool_lease ON otlp_export_spool (lease_until);
