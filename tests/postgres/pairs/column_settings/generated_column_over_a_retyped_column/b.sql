CREATE TABLE lines (id integer PRIMARY KEY, qty bigint, price numeric(8,2), total numeric GENERATED ALWAYS AS (qty * price) STORED, label text);
CREATE INDEX lines_total ON lines (total);
CREATE VIEW big_lines AS SELECT id, total FROM lines WHERE total > 100;
