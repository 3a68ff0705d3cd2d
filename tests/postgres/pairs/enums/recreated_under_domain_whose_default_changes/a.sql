-- from the pgschema#600 family (a helper's reduction): the enum loses a label while a domain over it changes its default
CREATE TYPE status AS ENUM ('new', 'active');
CREATE DOMAIN st AS status DEFAULT 'active';
