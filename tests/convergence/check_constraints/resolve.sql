-- The operator's fix: a zero-night booking becomes one night.
UPDATE bookings SET nights = 1, ends = starts + 1 WHERE nights = 0;
