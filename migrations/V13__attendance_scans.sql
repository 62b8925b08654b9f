-- Every scan the platform receives, kept as it came: from the desk online (no device) or in an
-- offline scanner's batch (POST /presence/projects/{id}/scans), refused and duplicate ones
-- included, with what it did. The same scan (its scan_id, made by the device) is applied once:
-- the partial unique index lets only one row per scan_id be anything but a duplicate, so a
-- retried batch or a second device racing the first records it once (INSERT … ON CONFLICT).

CREATE TABLE attendance_scans (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_id             uuid NOT NULL,
    project_id          bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    -- What was scanned or typed, as received (control characters dropped, at most 64 characters).
    code                text NOT NULL CHECK (length(code) <= 64),
    -- The talent the code named on the project, when it named one.
    cinema_talent_code  text REFERENCES cinema_talents (unique_code) ON UPDATE CASCADE,
    direction           text NOT NULL CHECK (direction IN ('check_in', 'check_out')),
    date                date NOT NULL,
    -- The scanner's clock when the badge was scanned; the server's clock when it arrived.
    scanned_at          timestamptz NOT NULL,
    received_at         timestamptz NOT NULL DEFAULT now(),
    device_id           text CHECK (device_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    offline             boolean NOT NULL,
    recorded_by         bigint REFERENCES users (id) ON DELETE SET NULL,
    status              text NOT NULL CHECK (status IN ('recorded', 'already_recorded', 'duplicate', 'refused')),
    reason              text CHECK (reason IN ('invalid_code', 'not_on_project', 'not_checked_in',
                                               'too_old', 'in_future', 'outside_project_dates')),
    CHECK ((status = 'refused') = (reason IS NOT NULL)),
    -- Only the desk's own scans come without a device, and they are never offline.
    CHECK (device_id IS NOT NULL OR NOT offline)
);
CREATE UNIQUE INDEX attendance_scans_once ON attendance_scans (scan_id) WHERE status <> 'duplicate';
CREATE INDEX attendance_scans_day ON attendance_scans (project_id, date);
CREATE INDEX attendance_scans_talent ON attendance_scans (cinema_talent_code, date);

-- The scan that set each time, so the sheet and the history tell a time recorded offline and
-- by which device. A corrected time no longer comes from a scan: NULL.
ALTER TABLE attendances
    ADD COLUMN check_in_scan  bigint REFERENCES attendance_scans (id) ON DELETE SET NULL,
    ADD COLUMN check_out_scan bigint REFERENCES attendance_scans (id) ON DELETE SET NULL;
