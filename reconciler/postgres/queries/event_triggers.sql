-- The event triggers of the database (database-wide), but an extension's (pg_depend deptype 'e). The function
-- (it takes no arguments) by its schema and name, as a state file's declaration is resolved too
-- (event_triggers.resolve); the tags as CREATE EVENT TRIGGER stored them (upper-cased, in order).
-- pg_event_trigger is readable by every role.
SELECT e.evtname AS name, e.evtevent AS event,
       quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '()' AS function,
       coalesce(e.evttags, '{}') AS tags, e.evtenabled AS enabled, pg_get_userbyid(e.evtowner) AS owner,
       ds.description AS comment
FROM pg_event_trigger e
JOIN pg_proc p ON p.oid = e.evtfoid
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_description ds ON ds.objoid = e.oid AND ds.classoid = 'pg_event_trigger'::regclass AND ds.objsubid = 0
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_event_trigger'::regclass AND d.objid = e.oid AND d.deptype = 'e')
ORDER BY e.evtname COLLATE "C"
