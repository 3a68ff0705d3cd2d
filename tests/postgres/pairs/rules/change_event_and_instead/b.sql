CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE item_events (item_id integer, what text);
CREATE RULE track AS ON DELETE TO items DO ALSO
    INSERT INTO item_events VALUES (OLD.id, 'delete; gone');
