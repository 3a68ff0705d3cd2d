-- A trigger runs a function kept in a shared schema of helpers, quoted names on both sides.
CREATE SCHEMA ledger;
CREATE TABLE ledger."Entry Lines" (
    id bigint PRIMARY KEY,
    amount numeric(12, 2) NOT NULL,
    revision integer NOT NULL DEFAULT 1
);
CREATE SCHEMA "shared helpers";
CREATE FUNCTION "shared helpers"."next revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    RETURN NEW;
END
$$;
CREATE TRIGGER "Bump Revision" BEFORE UPDATE ON ledger."Entry Lines"
    FOR EACH ROW WHEN (OLD.amount IS DISTINCT FROM NEW.amount)
    EXECUTE FUNCTION "shared helpers"."next revision"();
