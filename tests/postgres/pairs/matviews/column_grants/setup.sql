CREATE ROLE mv_reader;
CREATE ROLE mv_auditor;
