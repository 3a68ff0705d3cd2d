CREATE TABLE items (id integer, label text, created timestamptz);
CREATE VIEW item_view AS SELECT id, label, created FROM items;
ALTER VIEW item_view ALTER COLUMN created SET DEFAULT now();
