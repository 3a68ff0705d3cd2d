CREATE SCHEMA inv;
CREATE TABLE inv.items (id integer PRIMARY KEY, sku text, qty integer, price numeric, notes text);
CREATE TABLE inv.stock (id integer PRIMARY KEY, item integer, warehouse text, qty integer);
CREATE PUBLICATION inventory FOR TABLE ONLY inv.items (id, sku), TABLE ONLY inv.stock (id, item, warehouse, qty) WHERE (qty > 0);
