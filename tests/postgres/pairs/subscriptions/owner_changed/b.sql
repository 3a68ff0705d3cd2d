-- PostgreSQL 15 lets only a superuser own a subscription.
CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION feed_out
  WITH (connect = false, slot_name = NONE);
ALTER SUBSCRIPTION feed_in OWNER TO subscription_admin;
