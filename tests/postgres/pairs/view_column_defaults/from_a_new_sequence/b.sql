CREATE SEQUENCE item_ids;
CREATE TABLE items (id integer, label text, created timestamptz);
CREATE VIEW item_view AS SELECT id, label, created FROM items;
ALTER VIEW item_view ALTER COLUMN id SET DEFAULT nextval('item_ids');
