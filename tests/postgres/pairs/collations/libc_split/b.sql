CREATE COLLATION mixed (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');
