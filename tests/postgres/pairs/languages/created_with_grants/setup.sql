CREATE ROLE lang_app;
CREATE ROLE lang_owner;
