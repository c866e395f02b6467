-- Argo CD resource actions for s3migration.io/MigrationJob (resource.customizations.actions.s3migration.io_MigrationJob):
-- which of pause, resume and cancel the UI and `argocd app actions run` offer for this MigrationJob.
-- A finished migration (Succeeded, Failed, Cancelled) offers none; a cancelled one (spec.cancel, which cannot be
-- undone) none either; cancel is refused by the CRD for a preflightOnly run, so it is not offered there.
local actions = {}
local spec = obj.spec or {}
local phase = obj.status and obj.status.phase
local finished = phase == "Succeeded" or phase == "Failed" or phase == "Cancelled"
local cancelled = spec.cancel == true
local suspended = spec.suspend == true
actions["pause"] = {
  ["disabled"] = finished or cancelled or suspended,
  ["iconClass"] = "fa fa-fw fa-pause",
  ["displayName"] = "Pause the copy (keeps the checkpoint)"
}
actions["resume"] = {
  ["disabled"] = finished or cancelled or not suspended,
  ["iconClass"] = "fa fa-fw fa-play",
  ["displayName"] = "Resume from the checkpoint"
}
actions["cancel"] = {
  ["disabled"] = finished or cancelled or spec.preflightOnly == true,
  ["iconClass"] = "fa fa-fw fa-stop",
  ["displayName"] = "Cancel for good (copied data stays)"
}
return actions
