CREATE ROLE agg_owner;
CREATE ROLE agg_reader;
