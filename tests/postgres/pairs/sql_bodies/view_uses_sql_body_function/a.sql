CREATE TABLE prices (sku text PRIMARY KEY, net numeric NOT NULL);
