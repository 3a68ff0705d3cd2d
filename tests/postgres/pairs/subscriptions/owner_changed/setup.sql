CREATE ROLE subscription_admin SUPERUSER;
