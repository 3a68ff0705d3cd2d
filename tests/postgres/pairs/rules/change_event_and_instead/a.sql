CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE item_events (item_id integer, what text);
CREATE RULE track AS ON INSERT TO items DO INSTEAD
    INSERT INTO item_events VALUES (NEW.id, 'insert');
