-- The twin's speed, kept across restarts so that a restart carries on at the pace it had instead of choosing a new
-- one (a fresh automatic choice ran thousands of times real time past the plan). Null until the speed is known.
alter table app_twin add column speed double precision;       -- simulated seconds per real second
alter table app_twin add column speed_mode varchar(8);        -- AUTO, WATCH or SET (TwinStateStore.SpeedMode)
