CREATE TABLE t (id integer);
CREATE RULE quiet AS ON DELETE TO t DO INSTEAD NOTHING;
CREATE RULE loud AS ON UPDATE TO t DO ALSO NOTIFY t_changed;
CREATE RULE "Odd Name" AS ON INSERT TO t WHERE NEW.id IS NULL DO INSTEAD NOTHING;
COMMENT ON RULE quiet ON t IS 'Rows are never deleted';
COMMENT ON RULE loud ON t IS 'new words, it''s quoted';
COMMENT ON RULE "Odd Name" ON t IS 'null ids are dropped';
