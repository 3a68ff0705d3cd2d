CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_people AS SELECT id, name FROM people WHERE active;
CREATE RULE active_people_delete AS ON DELETE TO active_people DO INSTEAD
    UPDATE people SET active = false WHERE id = OLD.id;
