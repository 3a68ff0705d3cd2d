CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'wh.internal', dbname 'stock');
CREATE USER MAPPING FOR postgres SERVER warehouse OPTIONS (user 'loader');
