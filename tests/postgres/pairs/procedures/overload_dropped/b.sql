-- CREATE PROCEDURE: procedures of one name are told apart by their argument types, as functions are.
CREATE TABLE users (id integer PRIMARY KEY, status text NOT NULL DEFAULT 'new');
CREATE PROCEDURE set_status(p_id integer) LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET status = 'active' WHERE id = p_id;
END;
$$;
