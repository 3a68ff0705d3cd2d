CREATE TABLE anchor (id integer PRIMARY KEY);
CREATE DOMAIN product_code AS varchar(20) NOT NULL;
