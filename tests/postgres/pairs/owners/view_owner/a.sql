CREATE TABLE items (id int, label text);
CREATE VIEW labels AS SELECT label FROM items;
