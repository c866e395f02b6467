-- Run another pass: a new spec.trigger.manual value. The operator runs the finished (Succeeded or Failed) MigrationJob
-- again: pre-flight, a copy of what is new or changed (what is already at the destination is skipped), verification.
-- The value names the pass it asks for, so it differs from the one the last pass ran for (status.lastManualTrigger).
local pass = 1
if obj.status ~= nil and obj.status.pass ~= nil then
  pass = obj.status.pass
end
if obj.spec == nil then
  obj.spec = {}
end
if obj.spec.trigger == nil then
  obj.spec.trigger = {}
end
obj.spec.trigger.manual = "argocd-pass-" .. tostring(math.floor(pass + 1))
return obj
