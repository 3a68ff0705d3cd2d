CREATE ROLE owners_overload_keeper;
