CREATE TYPE pair AS (a int, b text);
ALTER TYPE pair OWNER TO own_bob;
