-- A meeting's date parts agree with its precision: a day only with a full date, a month only
-- with a year, and nothing claimed without a precision.
SELECT meeting_id, date, year, month, date_precision FROM meetings
WHERE (date_precision = 'day' AND (date IS NULL OR year <> year(date) OR month <> month(date)))
   OR (date_precision = 'month' AND (date IS NOT NULL OR year IS NULL OR month IS NULL))
   OR (date_precision = 'year' AND (date IS NOT NULL OR year IS NULL OR month IS NOT NULL))
   OR (date_precision IS NULL AND (date IS NOT NULL OR year IS NOT NULL OR month IS NOT NULL));
