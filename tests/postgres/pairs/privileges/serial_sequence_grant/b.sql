CREATE TABLE t (id serial PRIMARY KEY);
GRANT USAGE ON SEQUENCE t_id_seq TO priv_app;
