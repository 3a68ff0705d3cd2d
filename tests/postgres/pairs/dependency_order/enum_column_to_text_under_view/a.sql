-- From open-mSupply issue 11934: enum columns under a view become text, and the enum types go.
CREATE TYPE changelog_table_name AS ENUM ('item', 'name', 'store');
CREATE TYPE row_action_type AS ENUM ('upsert', 'delete');
CREATE TABLE changelog (cursor bigserial PRIMARY KEY, table_name changelog_table_name NOT NULL,
                        record_id text NOT NULL, row_action row_action_type NOT NULL);
CREATE VIEW changelog_deduped AS
    SELECT DISTINCT ON (table_name, record_id) cursor, table_name, record_id, row_action
    FROM changelog ORDER BY table_name, record_id, cursor DESC;
