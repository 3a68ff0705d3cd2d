CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE COLLATION s1.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION s2.ci (provider = icu, locale = 'und', deterministic = true);
CREATE DOMAIN s1.name_d AS text COLLATE s1.ci;
CREATE TYPE s1.pair AS (a text COLLATE s1.ci, b text);
CREATE TYPE s1.textrange AS RANGE (subtype = text, collation = s1.ci);
