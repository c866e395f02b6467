-- Pause: spec.suspend = true. The operator stops the copy pod and keeps the checkpoint (phase Paused).
if obj.spec == nil then
  obj.spec = {}
end
obj.spec.suspend = true
return obj
