CREATE TABLE changelog (cursor bigserial PRIMARY KEY, table_name text NOT NULL,
                        record_id text NOT NULL, row_action text NOT NULL);
CREATE VIEW changelog_deduped AS
    SELECT DISTINCT ON (table_name, record_id) cursor, table_name, record_id, row_action
    FROM changelog ORDER BY table_name, record_id, cursor DESC;
