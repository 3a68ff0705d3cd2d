CREATE TABLE public.accounts (id integer PRIMARY KEY, name text);
ALTER TABLE public.accounts OWNER TO replication_admin;
CREATE PUBLICATION accounts_pub FOR TABLE ONLY public.accounts WITH (publish = 'update, delete', publish_via_partition_root = true);
COMMENT ON PUBLICATION accounts_pub IS 'it''s the accounts'' feed';
ALTER PUBLICATION accounts_pub OWNER TO replication_admin;
CREATE PUBLICATION "Audit Feed";
