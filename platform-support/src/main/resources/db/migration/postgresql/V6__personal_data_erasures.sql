-- When each data subject was last erased. Data received before that moment but stored after it (an OTLP export
-- waiting in the spool) is erased again once stored; data received after it is the user coming back, and kept.
CREATE TABLE personal_data_erasure (
    subject   VARCHAR(64) NOT NULL PRIMARY KEY,
    erased_at TIMESTAMP   NOT NULL
);
CREATE INDEX personal_data_erasure_at ON personal_data_erasure (erased_at);
