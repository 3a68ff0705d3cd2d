CREATE TABLE orders (id integer, number integer);
CREATE SEQUENCE order_numbers;
ALTER SEQUENCE order_numbers OWNED BY orders.number;
