CREATE ROLE policy_reader;
