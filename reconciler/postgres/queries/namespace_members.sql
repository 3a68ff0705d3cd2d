-- Not a query: the common table expressions `managed`, `members`, `rel` and `typ`, which a query takes in with
-- `WITH {{namespace_members}},` (inspector.query) to read the managed schemas' relations and types.
--
-- They are found through pg_depend's index on what is referenced (every relation but an index, a composite type's
-- and a TOAST table's, and every type but an array or row type, has a normal dependency on its namespace), and
-- what hangs off a relation is then read by relation oid, so a batch of tenant schemas costs what it holds:
-- filtering pg_class, pg_type, pg_attrdef, pg_constraint and pg_index by namespace name after a join scanned each
-- whole catalog per batch (dependencies.sql: 176 ms a batch at 1,000 tenants, 463 ms at 3,000). A pinned
-- namespace (pg_catalog, pg_toast: an initdb-made one; public is never pinned) records no dependencies on it, so
-- its relations and types are read by scanning the catalog instead; that scan runs only when one is managed.
-- The planner estimates these sets poorly (a namespace's pg_depend rows come out at one), so queries reach the
-- catalogs hanging off them through LATERAL subqueries with OFFSET 0, which keep to their index by relation oid.
managed AS MATERIALIZED (
    SELECT n.oid, n.nspname, n.nspowner, n.nspacl, n.oid < 16384 AND n.oid <> 2200 AS pinned
    FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
),
members AS MATERIALIZED (
    SELECT d.classid, d.objid, m.oid AS nspoid, m.nspname
    FROM managed m
    JOIN pg_depend d ON d.refclassid = 'pg_namespace'::regclass AND d.refobjid = m.oid AND d.refobjsubid = 0
                    AND d.deptype = 'n' AND d.classid IN ('pg_class'::regclass, 'pg_type'::regclass)
    WHERE NOT m.pinned
),
-- Tables, partitioned and foreign tables, views, materialized views and sequences.
rel AS MATERIALIZED (
    SELECT c.oid, c.relname, c.relkind, c.reltype, c.relowner, c.relacl, m.nspoid, m.nspname
    FROM members m JOIN pg_class c ON c.oid = m.objid AND c.relnamespace = m.nspoid
    WHERE m.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
  UNION ALL
    SELECT c.oid, c.relname, c.relkind, c.reltype, c.relowner, c.relacl, m.oid, m.nspname
    FROM managed m JOIN pg_class c ON c.relnamespace = m.oid
    WHERE m.pinned AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
      AND EXISTS (SELECT 1 FROM managed p WHERE p.pinned)
),
-- Enums, domains, ranges, composite, base and shell types (a pinned namespace's row and array types too: keep to
-- relkind 'c' and typcategory <> 'A'; its pseudo-types are defined, shell types are not).
typ AS MATERIALIZED (
    SELECT t.oid, t.typname, t.typtype, t.typrelid, t.typarray, t.typcategory, t.typowner, t.typacl, m.nspoid, m.nspname
    FROM members m JOIN pg_type t ON t.oid = m.objid AND t.typnamespace = m.nspoid
    WHERE m.classid = 'pg_type'::regclass
      AND (t.typtype IN ('e', 'd', 'r', 'c', 'b') OR (t.typtype = 'p' AND NOT t.typisdefined))
  UNION ALL
    SELECT t.oid, t.typname, t.typtype, t.typrelid, t.typarray, t.typcategory, t.typowner, t.typacl, m.oid, m.nspname
    FROM managed m JOIN pg_type t ON t.typnamespace = m.oid
    WHERE m.pinned
      AND (t.typtype IN ('e', 'd', 'r', 'c', 'b') OR (t.typtype = 'p' AND NOT t.typisdefined))
      AND EXISTS (SELECT 1 FROM managed p WHERE p.pinned)
)
