-- The receiver loss of a forecast sample split into its terms (docs/link-budget.md, "Loss budget per term"):
-- receiver optics, detector and configured excess loss, dB. receiver_loss_db keeps their sum; rows stored before
-- this migration have only that sum (the new columns NULL). Same dialect rules as V1.
ALTER TABLE planner_forecast_samples ADD COLUMN optics_loss_db DOUBLE PRECISION;
ALTER TABLE planner_forecast_samples ADD COLUMN detector_loss_db DOUBLE PRECISION;
ALTER TABLE planner_forecast_samples ADD COLUMN excess_loss_db DOUBLE PRECISION;
