CREATE TYPE status AS ENUM ('new');
CREATE DOMAIN st AS status DEFAULT 'new';
