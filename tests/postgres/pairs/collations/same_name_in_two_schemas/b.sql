CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE COLLATION s1.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION s2.ci (provider = icu, locale = 'und', deterministic = true);
CREATE TABLE s1.t (id int, a text COLLATE s2.ci, b text COLLATE s1.ci);
CREATE TABLE s2.u (id int, a text COLLATE s1.ci, b text COLLATE s2.ci);
CREATE INDEX ON s2.u (a COLLATE s2.ci);
