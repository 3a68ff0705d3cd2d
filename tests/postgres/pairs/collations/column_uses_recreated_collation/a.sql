CREATE COLLATION c1 (provider = icu, locale = 'en'); CREATE TABLE t (a text COLLATE c1);
