-- A GiST class: its operators and optional functions belong to its family, not the class (pg_dump's
-- ALTER OPERATOR FAMILY ... ADD); all are read and created as the class's. A comment on it.
CREATE TABLE places (id int, p point);
