CREATE COLLATION c1 (provider = icu, locale = 'de'); CREATE TABLE t (a text COLLATE c1);
