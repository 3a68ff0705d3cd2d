CREATE COLLATION numeric (provider = icu, locale = 'en-u-kn-true');
