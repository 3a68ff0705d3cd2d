CREATE TYPE status AS (code int, label text);
CREATE DOMAIN priority AS int CHECK (VALUE > 0);
CREATE TYPE size AS ENUM ('s', 'm', 'l');
