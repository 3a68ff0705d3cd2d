CREATE TABLE orders (id integer, legacy_number integer, number integer);
CREATE SEQUENCE order_numbers;
ALTER SEQUENCE order_numbers OWNED BY orders.legacy_number;
