CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE COLLATION s1.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION s2.ci (provider = icu, locale = 'und', deterministic = true);
CREATE TABLE s1.t (id int, a text COLLATE s1.ci, b text COLLATE s2.ci);
