CREATE TABLE t (a int); CREATE SEQUENCE "Odd Seq"; COMMENT ON SEQUENCE "Odd Seq" IS 'it''s "quoted"
and multi-line';
