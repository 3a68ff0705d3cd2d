-- From pgschema issue 536: a table dropped with the column whose foreign key references it.
CREATE TABLE products (id serial PRIMARY KEY, name varchar(255));
CREATE TABLE orders (id serial PRIMARY KEY, product_id integer REFERENCES products(id));
