CREATE TABLE orders (id bigint, customer bigint, total numeric, placed date);
