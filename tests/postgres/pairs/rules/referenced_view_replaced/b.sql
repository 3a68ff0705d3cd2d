CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL);
CREATE VIEW named AS SELECT id, name, length(name) AS letters FROM people WHERE name <> '';
CREATE TABLE visits (person_id integer, seen timestamptz DEFAULT now());
CREATE RULE only_named AS ON INSERT TO visits
    WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.id = NEW.person_id) DO INSTEAD NOTHING;
