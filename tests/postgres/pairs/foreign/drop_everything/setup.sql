CREATE ROLE fdw_reader;
