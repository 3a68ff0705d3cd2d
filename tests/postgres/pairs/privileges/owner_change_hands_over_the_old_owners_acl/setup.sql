CREATE ROLE priv_old_owner;
CREATE ROLE priv_new_owner;
