CREATE TABLE todos (id integer PRIMARY KEY, name text, done boolean);
CREATE VIEW todos_view AS SELECT id, name FROM todos;
GRANT SELECT (name) ON todos_view TO priv_reader;
