CREATE ROLE policy_reader;
CREATE ROLE policy_writer;
