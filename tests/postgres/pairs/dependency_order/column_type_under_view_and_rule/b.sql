CREATE TABLE datasets (uuid uuid PRIMARY KEY, name text NOT NULL, namespace_name text);
CREATE TABLE dataset_log (name varchar(255), at timestamptz DEFAULT now());
CREATE VIEW datasets_view AS SELECT uuid, name, namespace_name FROM datasets;
CREATE RULE log_insert AS ON INSERT TO datasets DO ALSO INSERT INTO dataset_log (name) VALUES (NEW.name);
