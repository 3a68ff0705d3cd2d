CREATE TABLE todos (id integer PRIMARY KEY, name text, secret text);
CREATE VIEW todos_view AS SELECT id, name, secret FROM todos;
GRANT SELECT (id, name) ON todos_view TO priv_reader;
