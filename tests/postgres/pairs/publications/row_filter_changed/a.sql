CREATE SCHEMA shop;
CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(12,2), region text, "Priority" smallint);
CREATE TABLE shop.refunds (id bigint PRIMARY KEY, amount numeric);
CREATE PUBLICATION big_orders FOR TABLE ONLY shop.orders WHERE (total > 100), TABLE ONLY shop.refunds WHERE (amount <> 0);
