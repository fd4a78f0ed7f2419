CREATE TABLE bookings (
    id integer PRIMARY KEY,
    nights integer NOT NULL,
    guests integer NOT NULL,
    starts date NOT NULL,
    ends date NOT NULL,
    status text NOT NULL,
    CONSTRAINT bookings_guests_check CHECK (guests BETWEEN 1 AND 12),
    CONSTRAINT bookings_nights_check CHECK (nights >= 1),
    CONSTRAINT bookings_dates_check CHECK (ends > starts AND ends - starts = nights),
    CONSTRAINT bookings_status_check CHECK (status IN ('new', 'paid', 'void'))
);
