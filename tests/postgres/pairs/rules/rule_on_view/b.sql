CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_people AS SELECT id, name FROM people WHERE active;
CREATE RULE active_people_insert AS ON INSERT TO active_people DO INSTEAD
    INSERT INTO people (id, name) VALUES (NEW.id, NEW.name) RETURNING id, name;
CREATE RULE active_people_delete AS ON DELETE TO active_people DO INSTEAD
    UPDATE people SET active = false WHERE id = OLD.id;
COMMENT ON RULE active_people_delete ON active_people IS 'soft delete';
