-- One key per data subject (a keyed hash of a user id), sealed under the platform's secrets key. The personal fields
-- of a subject's events are encrypted with it; deleting the row on erasure makes them unreadable everywhere.
CREATE TABLE personal_data_key (
    subject    VARCHAR(64)  NOT NULL PRIMARY KEY,
    sealed_key VARCHAR(200) NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
