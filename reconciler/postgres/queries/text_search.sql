-- Text search parsers, templates, dictionaries and configurations of the managed schemas, one row each, what
-- defines it in `fields` (extension-owned ones are the extension's). Functions are named as regproc prints them,
-- dictionaries as regdictionary does, parsers and templates likewise: unqualified where the search_path finds
-- them. A configuration's mappings are token type -> its dictionaries in order, by token type number.
WITH managed AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
),
found (kind, classid, oid, schema_name, name, fields) AS (
    SELECT 'parser', 'pg_ts_parser'::regclass, p.oid, m.nspname, p.prsname,
           json_build_object('start', p.prsstart::regproc::text, 'gettoken', p.prstoken::regproc::text,
                             'end', p.prsend::regproc::text, 'lextypes', p.prslextype::regproc::text,
                             'headline', nullif(p.prsheadline, 0)::regproc::text)
    FROM pg_ts_parser p JOIN managed m ON m.oid = p.prsnamespace
  UNION ALL
    SELECT 'template', 'pg_ts_template'::regclass, t.oid, m.nspname, t.tmplname,
           json_build_object('init', nullif(t.tmplinit, 0)::regproc::text, 'lexize', t.tmpllexize::regproc::text)
    FROM pg_ts_template t JOIN managed m ON m.oid = t.tmplnamespace
  UNION ALL
    SELECT 'dictionary', 'pg_ts_dict'::regclass, d.oid, m.nspname, d.dictname,
           json_build_object(
               'template', CASE WHEN pg_ts_template_is_visible(t.oid) THEN quote_ident(t.tmplname)
                                ELSE quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) END,
               'options', d.dictinitoption)
    FROM pg_ts_dict d JOIN managed m ON m.oid = d.dictnamespace
    JOIN pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
  UNION ALL
    SELECT 'configuration', 'pg_ts_config'::regclass, c.oid, m.nspname, c.cfgname,
           json_build_object(
               'parser', CASE WHEN pg_ts_parser_is_visible(p.oid) THEN quote_ident(p.prsname)
                              ELSE quote_ident(pn.nspname) || '.' || quote_ident(p.prsname) END,
               'mappings', (SELECT coalesce(json_object_agg(x.alias, x.dictionaries ORDER BY x.tokid), '{}')
                            FROM (SELECT k.tokid, k.alias,
                                         array_agg(y.mapdict::regdictionary::text ORDER BY y.mapseqno) AS dictionaries
                                  FROM pg_ts_config_map y
                                  JOIN ts_token_type(c.cfgparser) k ON k.tokid = y.maptokentype
                                  WHERE y.mapcfg = c.oid
                                  GROUP BY k.tokid, k.alias) x))
    FROM pg_ts_config c JOIN managed m ON m.oid = c.cfgnamespace
    JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
)
SELECT f.kind, f.schema_name, f.name, f.fields, obj_description(f.oid, f.classid::name) AS comment
FROM found f
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = f.classid AND e.objid = f.oid AND e.deptype = 'e')
ORDER BY 1, 2, 3
