CREATE EXTENSION file_fdw;
CREATE SERVER import_files FOREIGN DATA WRAPPER file_fdw;
CREATE FOREIGN TABLE public.daily_import (day date, total integer)
    SERVER import_files OPTIONS (filename '/var/lib/imports/daily.csv', format 'csv');
COMMENT ON FOREIGN TABLE public.daily_import IS 'old comment';
