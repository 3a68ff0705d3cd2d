CREATE ROLE "Policy Admin";
