-- Triggers that run PostgreSQL's own trigger functions, one with arguments.
CREATE TABLE articles (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    body text,
    search tsvector
);
CREATE TRIGGER skip_no_op_updates BEFORE UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
CREATE TRIGGER refresh_search BEFORE INSERT OR UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.english', title, body);
