CREATE ROLE own_old;
CREATE ROLE own_new;
CREATE ROLE own_reader;
