-- Resume: spec.suspend = false. The operator starts the next attempt from the checkpoint.
if obj.spec == nil then
  obj.spec = {}
end
obj.spec.suspend = false
return obj
