CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_people AS SELECT id, name, upper(name) AS shout FROM people WHERE active;
CREATE RULE active_people_delete AS ON DELETE TO active_people DO INSTEAD
    UPDATE people SET active = false WHERE id = OLD.id;
CREATE RULE active_people_update AS ON UPDATE TO active_people DO INSTEAD
    UPDATE people SET name = NEW.name WHERE id = OLD.id;
