CREATE TABLE todos (id integer PRIMARY KEY, name text, done boolean);
CREATE VIEW todos_view AS SELECT name, id FROM todos WHERE NOT done;
GRANT SELECT (name) ON todos_view TO priv_reader;
