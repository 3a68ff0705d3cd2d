CREATE ROLE search_admin;
