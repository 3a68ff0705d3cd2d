CREATE TABLE events (id integer, happened date NOT NULL) PARTITION BY RANGE (happened);
CREATE TABLE events_all PARTITION OF events DEFAULT;
CREATE TABLE sources (id integer PRIMARY KEY, name text);
CREATE RULE record AS ON INSERT TO sources DO ALSO
    INSERT INTO events (id, happened) VALUES (NEW.id, current_date);
