CREATE ROLE "policy ""odd"" role";
