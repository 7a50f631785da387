-- Days that are not working days besides weekends: national holidays (libur nasional),
-- collective leave (cuti bersama) and regional holidays a province adds. Deadlines in working
-- days (complaints, service requests, reviews) are counted against this table.
CREATE TABLE calendar_day (
  day        date NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama', 'libur_daerah')),
  name       text NOT NULL,
  province   text,
  confidence text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (day, kind, name)
);
CREATE INDEX calendar_day_day_idx ON calendar_day (day);
