-- The operator's fix: unknown phones become the empty string.
UPDATE members SET phone = '' WHERE phone IS NULL;
