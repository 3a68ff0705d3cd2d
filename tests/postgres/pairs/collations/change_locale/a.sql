CREATE COLLATION c1 (provider = icu, locale = 'en-u-kn-true');
