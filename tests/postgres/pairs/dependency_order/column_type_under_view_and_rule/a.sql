-- From pg-schema-diff issue 280 and Marquez issue 2298: a column type changes under a view (and here a rule too).
CREATE TABLE datasets (uuid uuid PRIMARY KEY, name varchar(255) NOT NULL, namespace_name varchar(255));
CREATE TABLE dataset_log (name varchar(255), at timestamptz DEFAULT now());
CREATE VIEW datasets_view AS SELECT uuid, name, namespace_name FROM datasets;
CREATE RULE log_insert AS ON INSERT TO datasets DO ALSO INSERT INTO dataset_log (name) VALUES (NEW.name);
