CREATE TYPE mood AS ENUM ('ok', 'sad');
ALTER TYPE mood OWNER TO own_alice;
