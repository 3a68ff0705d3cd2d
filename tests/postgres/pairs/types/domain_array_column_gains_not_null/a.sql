CREATE SCHEMA labels;
CREATE DOMAIN labels.code AS varchar(8);
CREATE TABLE items (id integer, codes labels.code[][]) PARTITION BY RANGE (id);
CREATE TABLE items_low PARTITION OF items FOR VALUES FROM (0) TO (100);
CREATE TABLE events (at timestamptz, codes labels.code[]);
CREATE TABLE login_events (who text) INHERITS (events);
INSERT INTO items VALUES (1, '{{A,B},{C,D}}');
INSERT INTO login_events VALUES (now(), '{X}', 'me');
