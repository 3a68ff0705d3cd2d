CREATE ROLE fdw_analyst;
CREATE ROLE fdw_clerk;
