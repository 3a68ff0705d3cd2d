CREATE TYPE order_status AS ENUM ('open', 'closed');
CREATE TABLE orders (id int PRIMARY KEY, status order_status);
