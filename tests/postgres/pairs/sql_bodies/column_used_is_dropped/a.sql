CREATE TABLE people (id int PRIMARY KEY, nickname text, name text NOT NULL);
CREATE FUNCTION display_name(p_id int) RETURNS text LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT coalesce(nickname, name) FROM people WHERE id = p_id;
END;
