-- Which kinds of object the managed schemas (or, for database-wide kinds, the database) hold at all: one
-- column per query that inspect_database may leave out. Each test is implied by that query returning a row
-- (it reads the same catalog, with fewer conditions), so a false one means the query would find nothing.
-- Compiling the queries of kinds a database does not use was about a quarter of a small database's inspection.
WITH managed AS (SELECT n.oid FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s))
SELECT
    EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM managed) AND c.relkind = 'S')
        AS sequences,
    EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM managed) AND c.relkind = 'v')
        AS views,
    EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM managed) AND p.prokind IN ('f', 'p', 'w'))
        AS functions,
    EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace IN (SELECT oid FROM managed) AND NOT t.tgisinternal) AS triggers,
    EXISTS (SELECT 1 FROM pg_default_acl) AS default_privileges,
    EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM managed) AND t.typtype = 'e')
        AS enums,
    EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM managed) AND t.typtype = 'd')
        AS domains,
    EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM managed) AND c.relkind = 'c')
        AS composite_types,
    EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM managed) AND t.typtype = 'r')
        AS ranges,
    EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM managed) AND t.typtype = 'p')
        AS shell_types,
    EXISTS (SELECT 1 FROM pg_collation l WHERE l.collnamespace IN (SELECT oid FROM managed)) AS collations,
    EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM managed) AND p.prokind = 'a')
        AS aggregates,
    EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprnamespace IN (SELECT oid FROM managed)) AS operators,
    EXISTS (SELECT 1 FROM pg_ts_parser p WHERE p.prsnamespace IN (SELECT oid FROM managed))
        OR EXISTS (SELECT 1 FROM pg_ts_template t WHERE t.tmplnamespace IN (SELECT oid FROM managed))
        OR EXISTS (SELECT 1 FROM pg_ts_dict d WHERE d.dictnamespace IN (SELECT oid FROM managed))
        OR EXISTS (SELECT 1 FROM pg_ts_config c WHERE c.cfgnamespace IN (SELECT oid FROM managed)) AS text_search,
    EXISTS (SELECT 1 FROM pg_opclass c WHERE c.opcnamespace IN (SELECT oid FROM managed)) AS operator_classes,
    EXISTS (SELECT 1 FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
            WHERE c.relnamespace IN (SELECT oid FROM managed)) AS policies,
    EXISTS (SELECT 1 FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
            WHERE c.relnamespace IN (SELECT oid FROM managed) AND r.rulename <> '_RETURN') AS rules,
    EXISTS (SELECT 1 FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid
            WHERE c.relnamespace IN (SELECT oid FROM managed)) AS statistics,
    EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM managed) AND c.relkind = 'm')
        AS materialized_views,
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
    EXISTS (SELECT 1 FROM pg_language l WHERE l.lanispl AND l.oid >= 16384) AS languages
