CREATE TABLE membership (id int PRIMARY KEY, item_id int);
CREATE TABLE item (id int PRIMARY KEY, title text);
CREATE VIEW item_summary AS SELECT m.id AS membership_id, i.title FROM membership m JOIN item i ON i.id = m.item_id;
CREATE VIEW dashboard AS SELECT s.title, count(*) AS n FROM item_summary s GROUP BY s.title;
