CREATE TABLE base (created_at timestamp DEFAULT now());
CREATE TABLE child (id int) INHERITS (base);
