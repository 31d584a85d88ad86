-- The twin's sky: the seed and origin it was sampled with on first start, kept so that a restart flies under the
-- same sky (the same seed and origin give the same sky). Null on databases from before the weather model.
alter table app_twin add column weather_seed bigint;
alter table app_twin add column weather_origin timestamp with time zone;
