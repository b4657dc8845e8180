-- The history of earlier runs, from the warehouse being replaced (attached as `previous`): runs last, as the
-- filter reads meta.runs.
insert into meta.run_files select * from previous.meta.run_files where run_id not in (select run_id from meta.runs where run_id is not null);
insert into meta.run_datasets select * from previous.meta.run_datasets where run_id not in (select run_id from meta.runs where run_id is not null);
insert into meta.runs select * from previous.meta.runs where run_id not in (select run_id from meta.runs where run_id is not null);
