CREATE SCHEMA shop;
CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric(12,2), region text, "Priority" smallint);
CREATE TABLE shop.refunds (id bigint PRIMARY KEY, amount numeric);
CREATE PUBLICATION big_orders
    FOR TABLE ONLY shop.orders WHERE (total >= 250.50 AND region IN ('eu', 'us') AND "Priority" BETWEEN 1 AND 3
                                      AND lower(region) IS DISTINCT FROM 'test'),
        TABLE ONLY shop.refunds WHERE (amount <> 0);
