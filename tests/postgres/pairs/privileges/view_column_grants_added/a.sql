CREATE TABLE todos (id integer PRIMARY KEY, name text, secret text);
CREATE VIEW todos_view AS SELECT id, name, secret FROM todos;
