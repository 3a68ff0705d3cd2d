CREATE ROLE proc_caller;
