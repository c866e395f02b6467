-- Argo CD resource actions for s3migration.io/MigrationJob (resource.customizations.actions.s3migration.io_MigrationJob):
-- which of pause, resume, cancel and trigger the UI and `argocd app actions run` offer for this MigrationJob.
-- A finished migration (Succeeded, Failed, Cancelled) offers only trigger (another pass; never after Cancelled, nor
-- while a pass it asked for has not started); a cancelled one (spec.cancel, which cannot be undone) none; cancel is
-- refused by the CRD for a preflightOnly run, so it is not offered there.
local actions = {}
local spec = obj.spec or {}
local phase = obj.status and obj.status.phase
local finished = phase == "Succeeded" or phase == "Failed" or phase == "Cancelled"
local cancelled = spec.cancel == true
local suspended = spec.suspend == true
local lastTrigger = obj.status and obj.status.lastManualTrigger
local requested = spec.trigger ~= nil and spec.trigger.manual ~= nil and spec.trigger.manual ~= lastTrigger
local rerunnable = phase == "Succeeded" or phase == "Failed"
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
actions["trigger"] = {
  ["disabled"] = not rerunnable or cancelled or requested,
  ["iconClass"] = "fa fa-fw fa-redo",
  ["displayName"] = "Run another pass (copy what is new or changed, then verify)"
}
return actions
