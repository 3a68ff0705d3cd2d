CREATE SCHEMA i18n; CREATE COLLATION i18n.fr (provider = icu, locale = 'fr');
