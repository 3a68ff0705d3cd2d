CREATE DOMAIN positive AS int CHECK (VALUE > 0);
ALTER DOMAIN positive OWNER TO own_alice;
