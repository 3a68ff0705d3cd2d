-- Which kinds of object the managed schemas (or, for database-wide kinds, the database) hold at all: one
-- column per query that inspect_database may leave out, and one per flag that keeps a part of a query (the
-- `--{ flag` blocks of undeclarable.sql and dependencies.sql, inspector.query). Each test is implied by that
-- query, or that part, returning a row (it reads the same catalog, with fewer conditions), so a false one means
-- the query or the part would find nothing. Compiling the queries of kinds a database does not use was about a
-- quarter of a small database's inspection.
-- pg_class, pg_type and pg_proc are each read once for all their kinds (none has an index on the namespace, and
-- a scan per kind was most of this query's time at 200 tables).
WITH managed AS MATERIALIZED (SELECT array_agg(n.oid) AS oids FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)),
rel AS (
    SELECT coalesce(bool_or(c.relkind = 'S'), false) AS sequences,
           coalesce(bool_or(c.relkind = 'v'), false) AS views,
           coalesce(bool_or(c.relkind = 'c'), false) AS composite_types,
           coalesce(bool_or(c.relkind = 'm'), false) AS materialized_views
    FROM pg_class c WHERE c.relnamespace = ANY((SELECT oids FROM managed)::oid[]) AND c.relkind IN ('S', 'v', 'c', 'm')
),
typ AS (
    SELECT coalesce(bool_or(t.typtype = 'e'), false) AS enums,
           coalesce(bool_or(t.typtype = 'd'), false) AS domains,
           coalesce(bool_or(t.typtype = 'r'), false) AS ranges,
           coalesce(bool_or(t.typtype = 'p'), false) AS shell_types,
           -- Base types other than arrays (every table's row type has an array): undeclarable, and the tables,
           -- views, rules and policies that use them with them.
           coalesce(bool_or(t.typtype = 'b' AND t.typcategory <> 'A'), false) AS base_types,
           -- Privileges on types that state files cannot declare privileges on (base, shell and multirange).
           coalesce(bool_or(t.typtype NOT IN ('e', 'd', 'r', 'c') AND t.typacl IS NOT NULL), false)
               AS type_privileges
    FROM pg_type t WHERE t.typnamespace = ANY((SELECT oids FROM managed)::oid[])
),
proc AS (
    SELECT coalesce(bool_or(p.prokind IN ('f', 'p', 'w')), false) AS functions,
           coalesce(bool_or(p.prokind = 'a'), false) AS aggregates
    FROM pg_proc p WHERE p.pronamespace = ANY((SELECT oids FROM managed)::oid[])
)
SELECT
    rel.sequences,
    rel.views,
    proc.functions,
    EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = ANY((SELECT oids FROM managed)::oid[]) AND NOT t.tgisinternal) AS triggers,
    EXISTS (SELECT 1 FROM pg_default_acl) AS default_privileges,
    typ.enums,
    typ.domains,
    rel.composite_types,
    typ.ranges,
    typ.shell_types,
    typ.base_types,
    typ.type_privileges,
    EXISTS (SELECT 1 FROM pg_collation l WHERE l.collnamespace = ANY((SELECT oids FROM managed)::oid[])) AS collations,
    EXISTS (SELECT 1 FROM pg_conversion v WHERE v.connamespace = ANY((SELECT oids FROM managed)::oid[]))
        AS conversions,
    EXISTS (SELECT 1 FROM pg_transform) AS transforms,
    proc.aggregates,
    EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprnamespace = ANY((SELECT oids FROM managed)::oid[])) AS operators,
    EXISTS (SELECT 1 FROM pg_ts_parser p WHERE p.prsnamespace = ANY((SELECT oids FROM managed)::oid[]))
        OR EXISTS (SELECT 1 FROM pg_ts_template t WHERE t.tmplnamespace = ANY((SELECT oids FROM managed)::oid[]))
        OR EXISTS (SELECT 1 FROM pg_ts_dict d WHERE d.dictnamespace = ANY((SELECT oids FROM managed)::oid[]))
        OR EXISTS (SELECT 1 FROM pg_ts_config c WHERE c.cfgnamespace = ANY((SELECT oids FROM managed)::oid[]))
        AS text_search,
    EXISTS (SELECT 1 FROM pg_opclass c WHERE c.opcnamespace = ANY((SELECT oids FROM managed)::oid[])) AS operator_classes,
    -- An operator class makes its family; a family may also be made on its own.
    EXISTS (SELECT 1 FROM pg_opfamily f WHERE f.opfnamespace = ANY((SELECT oids FROM managed)::oid[]))
        AS operator_families,
    EXISTS (SELECT 1 FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
            WHERE c.relnamespace = ANY((SELECT oids FROM managed)::oid[])) AS policies,
    EXISTS (SELECT 1 FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
            WHERE c.relnamespace = ANY((SELECT oids FROM managed)::oid[]) AND r.rulename <> '_RETURN') AS rules,
    EXISTS (SELECT 1 FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid
            WHERE c.relnamespace = ANY((SELECT oids FROM managed)::oid[])) AS statistics,
    rel.materialized_views,
    EXISTS (SELECT 1 FROM pg_foreign_data_wrapper) AS foreign_data_wrappers,
    EXISTS (SELECT 1 FROM pg_foreign_server) AS foreign_servers,
    EXISTS (SELECT 1 FROM pg_foreign_server) AS user_mappings,  -- a user mapping belongs to a server
    EXISTS (SELECT 1 FROM pg_publication) AS publications,
    EXISTS (SELECT 1 FROM pg_subscription s
            WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))
        AS subscriptions,
    EXISTS (SELECT 1 FROM pg_cast c WHERE c.oid >= 16384) AS user_casts,
    EXISTS (SELECT 1 FROM pg_event_trigger) AS event_triggers,
    EXISTS (SELECT 1 FROM pg_db_role_setting s
            WHERE s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
           ) AS database_settings,
    EXISTS (SELECT 1 FROM pg_am a WHERE a.amtype = 't' AND a.oid >= 16384) AS access_methods,
    EXISTS (SELECT 1 FROM pg_am a WHERE a.amtype = 'i' AND a.oid >= 16384) AS index_access_methods,
    EXISTS (SELECT 1 FROM pg_language l WHERE l.lanispl AND l.oid >= 16384) AS languages
FROM rel, typ, proc
