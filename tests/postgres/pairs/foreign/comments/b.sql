CREATE EXTENSION file_fdw;
CREATE SERVER import_files FOREIGN DATA WRAPPER file_fdw;
COMMENT ON SERVER import_files IS 'CSV drops from the nightly export';
CREATE FOREIGN TABLE public.daily_import (day date, total integer)
    SERVER import_files OPTIONS (filename '/var/lib/imports/daily.csv', format 'csv', header 'true');
COMMENT ON FOREIGN TABLE public.daily_import IS 'One row per day';
COMMENT ON COLUMN public.daily_import.total IS 'orders that day';
